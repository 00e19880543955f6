/** The two-instance failover test: one instance killed mid-stream, the other takes over. */
package io.spanflow.processor.failover;
