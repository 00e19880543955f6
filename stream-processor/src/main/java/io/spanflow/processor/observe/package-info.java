/** What the processor tells its operators: counters and the Streams health check. */
package io.spanflow.processor.observe;
