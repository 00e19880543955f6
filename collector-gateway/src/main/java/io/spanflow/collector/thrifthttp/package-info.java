/** Jaeger's HTTP thrift endpoint on 14268: {@code POST /api/traces} with a binary thrift Batch. */
package io.spanflow.collector.thrifthttp;
