/**
 * The demo: a small online shop whose services report through different real client protocols
 * (Jaeger UDP to the agent, OTLP and Zipkin JSON to the collector), with failures and slow
 * requests, so every page of the UI has something to show within seconds.
 */
package io.spanflow.tracegen.demo;
