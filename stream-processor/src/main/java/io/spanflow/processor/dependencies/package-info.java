/**
 * Stage 6: the streaming service dependency graph. Spans are gathered per trace; when a trace has
 * been quiet for the inactivity gap its parent→child service edges are published and counted in
 * time buckets on {@code spanflow.dependency-links}.
 */
package io.spanflow.processor.dependencies;
