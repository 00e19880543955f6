/** An in-process, single-node KRaft Kafka broker bound to 127.0.0.1. */
package io.spanflow.embedded.kafka;
