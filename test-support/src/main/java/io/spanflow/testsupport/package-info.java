/**
 * Real infrastructure for integration tests: one Kafka broker and one Elasticsearch node per test
 * JVM, started lazily and stopped when the JVM exits, plus JUnit 5 extensions that inject them.
 */
package io.spanflow.testsupport;
