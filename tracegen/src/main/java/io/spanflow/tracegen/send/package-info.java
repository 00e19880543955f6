/**
 * Client protocols the generator speaks: jaeger.thrift over UDP to the agent, Jaeger gRPC, OTLP
 * gRPC and HTTP, Zipkin JSON v2; each {@link io.spanflow.tracegen.send.SpanSender} reports whether
 * a request was accepted, pushed back (429 / RESOURCE_EXHAUSTED) or refused.
 */
package io.spanflow.tracegen.send;
