/**
 * A real Elasticsearch node in a child JVM: the distribution the build unpacks, started through our
 * own root-safe launcher, bound to 127.0.0.1, and tied to the lifetime of its parent.
 */
package io.spanflow.embedded.elasticsearch;
