package io.spanflow.agent.reporter;

import io.spanflow.proto.jaeger.Batch;

/** Delivers one batch to a collector; throws when the collector did not accept it. */
@FunctionalInterface
public interface BatchSender {

  void send(Batch batch) throws Exception;
}
