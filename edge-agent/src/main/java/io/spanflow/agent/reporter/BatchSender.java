package io.spanflow.agent.reporter;

/** Delivers one batch to a collector; throws when the collector did not accept it. */
@FunctionalInterface
public interface BatchSender {

  void send(EncodedBatch batch) throws Exception;
}
