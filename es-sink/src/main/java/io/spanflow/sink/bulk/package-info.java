/**
 * Batching and bulk writing: records become {@link io.spanflow.sink.bulk.BulkAction}s, a {@link
 * io.spanflow.sink.bulk.BulkWorker} per slice of partitions flushes them by count, bytes or time
 * through the {@link io.spanflow.sink.bulk.EsBulkWriter}, retries what Elasticsearch could not take
 * yet, dead-letters what it refused for good, and only then reports the offsets done.
 */
package io.spanflow.sink.bulk;
