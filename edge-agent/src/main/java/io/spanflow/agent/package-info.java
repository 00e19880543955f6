/**
 * The Spanflow edge agent: receives spans from Jaeger and Zipkin clients over UDP on the host (or
 * beside the app, as a sidecar), batches them and forwards them to the collectors over gRPC, and
 * proxies sampling strategies to the clients. {@link io.spanflow.agent.EdgeAgentMain} only wires.
 */
package io.spanflow.agent;
