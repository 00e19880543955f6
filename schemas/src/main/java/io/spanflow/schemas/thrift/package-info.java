/**
 * Readers for Jaeger's and Zipkin's thrift wire formats, written directly against libthrift's
 * {@code TProtocol} API (no generated code): the agent's UDP {@code emitBatch} / {@code
 * emitZipkinBatch} messages and the bare structs POSTed to the collector.
 */
package io.spanflow.schemas.thrift;
