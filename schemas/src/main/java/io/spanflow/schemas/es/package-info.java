/**
 * Spanflow's Elasticsearch layout, compatible with Jaeger's ES storage: the span, service and
 * dependencies documents a Jaeger query service can read, Spanflow's span-metrics document,
 * deterministic document ids, daily index names and the index templates.
 *
 * <p>The stream-processor produces span documents with {@link
 * io.spanflow.schemas.es.SpanDocumentMapper}, the es-sink writes them, the query-api reads them
 * back with {@link io.spanflow.schemas.es.SpanDocumentMapper#fromDocument}.
 */
package io.spanflow.schemas.es;
