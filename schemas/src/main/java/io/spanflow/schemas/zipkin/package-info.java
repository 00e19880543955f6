/** Zipkin's span model (from the {@code io.zipkin.zipkin2:zipkin} library) to Jaeger's. */
package io.spanflow.schemas.zipkin;
