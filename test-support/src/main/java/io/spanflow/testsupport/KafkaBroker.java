package io.spanflow.testsupport;

import java.util.Objects;

/**
 * What a test needs to reach the shared broker; injected by {@link KafkaBrokerExtension}.
 *
 * @param bootstrapServers {@code 127.0.0.1:port}
 */
public record KafkaBroker(String bootstrapServers) {
  public KafkaBroker {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
  }
}
