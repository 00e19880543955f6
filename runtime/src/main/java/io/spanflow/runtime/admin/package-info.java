/**
 * The admin HTTP port of every Spanflow process: health on {@code /} and Prometheus metrics on
 * {@code /metrics}, on the JDK's built-in HTTP server.
 */
package io.spanflow.runtime.admin;
