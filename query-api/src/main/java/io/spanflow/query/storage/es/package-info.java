/**
 * The Elasticsearch readers, over Jaeger's index layout ({@code io.spanflow.schemas.es}): spans and
 * traces, services and operations, dependency links and span metrics. A time window maps to the
 * dated index names it spans (missing ones are ignored); whole traces are paged with a point in
 * time and {@code search_after}, so no size cap applies.
 */
package io.spanflow.query.storage.es;
