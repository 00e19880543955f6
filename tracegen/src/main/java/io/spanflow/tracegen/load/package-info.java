/**
 * The load generator: paced workers, retries with backoff on backpressure, a summary of what was
 * sent and acknowledged, a record of each trace for loss checks, and a probe that measures how long
 * a trace takes from send to searchable.
 */
package io.spanflow.tracegen.load;
