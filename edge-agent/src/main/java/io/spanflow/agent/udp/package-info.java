/**
 * UDP receivers for the agent ports (6831 jaeger compact, 6832 jaeger binary, 5775 zipkin compact):
 * one reader thread per port copies each datagram into a bounded queue, worker threads decode it
 * and hand the spans on. A full queue drops the packet; a malformed one is counted by reason.
 */
package io.spanflow.agent.udp;
