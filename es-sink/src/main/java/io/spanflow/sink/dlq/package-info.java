/** The dead-letter topic {@code spanflow.es.dlq}: records Elasticsearch refused, with why. */
package io.spanflow.sink.dlq;
