/**
 * Sampling strategies from a Jaeger strategies file ({@code --sampling.strategies-file}), reloaded
 * when it changes, served over gRPC ({@code jaeger.api_v2.SamplingManager}) and HTTP ({@code GET
 * /api/sampling?service=}) in the shapes Jaeger clients parse.
 */
package io.spanflow.collector.sampling;
