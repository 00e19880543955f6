/**
 * The sampling endpoint on port 5778 that Jaeger clients poll: strategies are fetched from the
 * collector's {@code SamplingManager} over gRPC, cached per service, and served from the cache when
 * the collector is down.
 */
package io.spanflow.agent.sampling;
