package io.spanflow.query.storage;

import java.util.Objects;

/**
 * An operation of a service. {@code spanKind} is Jaeger's lower-case span kind ({@code server},
 * {@code client}, ...) or the empty string when the spans carried none.
 */
public record Operation(String name, String spanKind) implements Comparable<Operation> {

  public Operation {
    Objects.requireNonNull(name, "name");
    spanKind = spanKind == null ? "" : spanKind;
  }

  @Override
  public int compareTo(Operation other) {
    int byName = name.compareTo(other.name);
    return byName != 0 ? byName : spanKind.compareTo(other.spanKind);
  }
}
