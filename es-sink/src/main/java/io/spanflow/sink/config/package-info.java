/** Command-line options of the sink and the cleaner, with Jaeger's flag names. */
package io.spanflow.sink.config;
