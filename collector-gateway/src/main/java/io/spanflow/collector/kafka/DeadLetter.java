package io.spanflow.collector.kafka;

import io.spanflow.collector.ingest.Source;
import java.util.Objects;

/**
 * One rejected input for the dead-letter topic: the bytes as received (a whole body or one span),
 * why it was rejected ({@code reason}, a short metric label) and a human-readable {@code detail}.
 */
public record DeadLetter(Source source, String reason, String detail, byte[] payload) {
  public DeadLetter {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    detail = detail == null ? "" : detail;
    payload = payload == null ? new byte[0] : payload;
  }
}
