/**
 * Narrow read-side storage interfaces of the query service: {@link
 * io.spanflow.query.storage.SpanReader}, {@link io.spanflow.query.storage.DependencyReader} and
 * {@link io.spanflow.query.storage.MetricsReader}, with their parameter objects. Implementations
 * live in sub-packages (Elasticsearch, in-memory).
 */
package io.spanflow.query.storage;
