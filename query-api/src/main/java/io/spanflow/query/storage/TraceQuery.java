package io.spanflow.query.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace search, with Jaeger's semantics: a trace matches when one of its spans has the service
 * (and operation, when given), every tag (each matched against the span's tags, its process tags or
 * its log fields), a start time inside the window and a duration inside the bounds. Absent duration
 * bounds are {@link Optional#empty()}.
 */
public final class TraceQuery {

  /** Jaeger's default number of traces in a search. */
  public static final int DEFAULT_LIMIT = 100;

  private final String serviceName;
  private final String operationName;
  private final Map<String, String> tags;
  private final Instant startTimeMin;
  private final Instant startTimeMax;
  private final Duration durationMin;
  private final Duration durationMax;
  private final int limit;

  private TraceQuery(Builder b) {
    this.serviceName = b.serviceName;
    this.operationName = b.operationName;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.startTimeMin = Objects.requireNonNull(b.startTimeMin, "startTimeMin");
    this.startTimeMax = Objects.requireNonNull(b.startTimeMax, "startTimeMax");
    this.durationMin = b.durationMin;
    this.durationMax = b.durationMax;
    this.limit = b.limit;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The service name, or the empty string for any service. */
  public String serviceName() {
    return serviceName;
  }

  /** The operation name, or the empty string for any operation. */
  public String operationName() {
    return operationName;
  }

  /** Tags that must all match, in the order given. */
  public Map<String, String> tags() {
    return tags;
  }

  public Instant startTimeMin() {
    return startTimeMin;
  }

  public Instant startTimeMax() {
    return startTimeMax;
  }

  public Optional<Duration> durationMin() {
    return Optional.ofNullable(durationMin);
  }

  public Optional<Duration> durationMax() {
    return Optional.ofNullable(durationMax);
  }

  /** Maximum number of traces; never below 1. */
  public int limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "TraceQuery{service="
        + serviceName
        + ", operation="
        + operationName
        + ", tags="
        + tags
        + ", start=["
        + startTimeMin
        + ", "
        + startTimeMax
        + "], duration=["
        + durationMin
        + ", "
        + durationMax
        + "], limit="
        + limit
        + '}';
  }

  /** Builds a {@link TraceQuery}; the time window is required, everything else is optional. */
  public static final class Builder {
    private String serviceName = "";
    private String operationName = "";
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Instant startTimeMin;
    private Instant startTimeMax;
    private Duration durationMin;
    private Duration durationMax;
    private int limit = DEFAULT_LIMIT;

    private Builder() {}

    public Builder serviceName(String serviceName) {
      this.serviceName = serviceName == null ? "" : serviceName;
      return this;
    }

    public Builder operationName(String operationName) {
      this.operationName = operationName == null ? "" : operationName;
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      tags.forEach(this::tag);
      return this;
    }

    public Builder startTimeMin(Instant startTimeMin) {
      this.startTimeMin = startTimeMin;
      return this;
    }

    public Builder startTimeMax(Instant startTimeMax) {
      this.startTimeMax = startTimeMax;
      return this;
    }

    /** Inclusive lower bound on a span's duration; null for none. */
    public Builder durationMin(Duration durationMin) {
      this.durationMin = durationMin;
      return this;
    }

    /** Inclusive upper bound on a span's duration; null for none. */
    public Builder durationMax(Duration durationMax) {
      this.durationMax = durationMax;
      return this;
    }

    /** Maximum number of traces; values below 1 mean the default (100), as in Jaeger. */
    public Builder limit(int limit) {
      this.limit = limit < 1 ? DEFAULT_LIMIT : limit;
      return this;
    }

    public TraceQuery build() {
      if (durationMin != null && durationMax != null && durationMax.compareTo(durationMin) < 0) {
        throw new IllegalArgumentException("durationMax is below durationMin");
      }
      return new TraceQuery(this);
    }
  }
}
