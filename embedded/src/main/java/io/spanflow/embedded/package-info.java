/**
 * Real infrastructure started by our own code: an in-process Kafka broker and an Elasticsearch
 * child process. Used by the test harness and by the all-in-one.
 */
package io.spanflow.embedded;
