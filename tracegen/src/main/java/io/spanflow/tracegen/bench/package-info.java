/**
 * Helpers of the end-to-end benchmark ({@code bench/e2e/run-bench.sh}): Kafka consumer lag of the
 * pipeline's groups, and how many of the spans a run sent are stored in Elasticsearch.
 */
package io.spanflow.tracegen.bench;
