/** OpenTelemetry OTLP traces to Jaeger's model. */
package io.spanflow.schemas.otlp;
