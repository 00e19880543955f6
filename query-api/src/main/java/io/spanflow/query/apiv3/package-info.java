/**
 * Jaeger v2's {@code /api/v3} HTTP API: services, operations, and traces as OTLP JSON wrapped in
 * {@code {"result": ...}}, errors as {@code {"error": {"httpCode", "message"}}}.
 */
package io.spanflow.query.apiv3;
