/** Stage 5: the service/operation catalog, one compacted record per key and day. */
package io.spanflow.processor.catalog;
