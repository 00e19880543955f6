package io.spanflow.processor.dependencies;

/**
 * One call from a service to another, found in one trace.
 *
 * @param parent the calling service
 * @param child the called service (or the client's {@code peer.service})
 * @param error the call failed
 * @param startMillis when the call started (the child span's start): the bucket it counts in
 */
public record DependencyEdge(String parent, String child, boolean error, long startMillis) {}
