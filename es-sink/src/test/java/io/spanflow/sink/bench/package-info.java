/**
 * The sink-versus-raw-bulk benchmark ({@code es-sink/bench/run-bench.sh}): an orchestrator and the
 * raw bulk loader it runs as a separate JVM, next to the sink's own JVM.
 */
package io.spanflow.sink.bench;
