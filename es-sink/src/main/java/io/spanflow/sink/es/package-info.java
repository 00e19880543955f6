/** Elasticsearch access: client construction, template installation, retention cleaner. */
package io.spanflow.sink.es;
