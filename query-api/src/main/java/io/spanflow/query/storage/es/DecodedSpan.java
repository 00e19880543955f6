package io.spanflow.query.storage.es;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.spanflow.proto.jaeger.Span;

/**
 * A span read from an Elasticsearch hit's {@code _source} by {@link SpanDocumentDecoder}: the
 * search client's document type, so hits decode straight from the response bytes.
 */
@JsonDeserialize(using = SpanDocumentDecoder.class)
record DecodedSpan(Span span) {}
