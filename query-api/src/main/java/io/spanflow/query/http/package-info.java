/**
 * HTTP building blocks shared by the feature handlers: Jaeger's response envelope, request
 * parameter access with Jaeger's error wording, and the exceptions that map to status codes.
 */
package io.spanflow.query.http;
