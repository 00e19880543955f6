package io.spanflow.processor.metrics;

/** What the metrics aggregation needs of one span. */
public record SpanSample(long durationMicros, boolean error) {}
