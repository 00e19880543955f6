/**
 * The ingest benchmark run by {@code collector-gateway/bench/run-bench.sh}: a Kafka broker and the
 * collector each in a JVM of their own, load from this JVM over every protocol, then Zipkin's
 * server fed the same Zipkin JSON payloads, side by side. Not tests: nothing here runs in the
 * build.
 */
package io.spanflow.collector.bench;
