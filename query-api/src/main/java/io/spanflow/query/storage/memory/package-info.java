/**
 * An in-memory span and dependency store with the same search semantics as the Elasticsearch
 * reader; used by unit tests and handy for demos.
 */
package io.spanflow.query.storage.memory;
