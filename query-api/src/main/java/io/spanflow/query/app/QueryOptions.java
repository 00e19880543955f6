package io.spanflow.query.app;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** How the HTTP app behaves; every knob has Jaeger's default. */
public final class QueryOptions {

  private final String basePath;
  private final Duration maxClockSkewAdjustment;
  private final Duration defaultTraceLookback;
  private final List<String> corsAllowedOrigins;
  private final Set<String> bearerTokens;
  private final String bindHost;
  private final TlsFiles tls;

  private QueryOptions(Builder b) {
    this.basePath = b.basePath;
    this.maxClockSkewAdjustment = b.maxClockSkewAdjustment;
    this.defaultTraceLookback = b.defaultTraceLookback;
    this.corsAllowedOrigins = List.copyOf(b.corsAllowedOrigins);
    this.bearerTokens = Set.copyOf(b.bearerTokens);
    this.bindHost = b.bindHost;
    this.tls = b.tls;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static QueryOptions defaults() {
    return builder().build();
  }

  /** Path prefix of every route, "/" or e.g. "/jaeger" (never a trailing slash). */
  public String basePath() {
    return basePath;
  }

  public Duration maxClockSkewAdjustment() {
    return maxClockSkewAdjustment;
  }

  public Duration defaultTraceLookback() {
    return defaultTraceLookback;
  }

  public List<String> corsAllowedOrigins() {
    return corsAllowedOrigins;
  }

  public Set<String> bearerTokens() {
    return bearerTokens;
  }

  /** Host the HTTP server binds when started with a port only; null for every interface. */
  public String bindHost() {
    return bindHost;
  }

  /** The certificate and key when the server speaks HTTPS only; null for plain HTTP. */
  public TlsFiles tls() {
    return tls;
  }

  @Override
  public String toString() {
    return "QueryOptions{basePath="
        + basePath
        + ", maxClockSkewAdjustment="
        + maxClockSkewAdjustment
        + ", defaultTraceLookback="
        + defaultTraceLookback
        + ", corsAllowedOrigins="
        + corsAllowedOrigins
        + ", bearerTokens="
        + (bearerTokens.isEmpty() ? "off" : bearerTokens.size() + " token(s)")
        + ", bindHost="
        + bindHost
        + ", tls="
        + (tls == null ? "off" : tls.cert() + (tls.clientCa() == null ? "" : " +client-ca"))
        + '}';
  }

  /**
   * Defaults: base path "/", no clock-skew adjustment, 2 days lookback, no CORS, no tokens, plain
   * HTTP.
   */
  public static final class Builder {
    private String basePath = "/";
    private Duration maxClockSkewAdjustment = Duration.ZERO;
    private Duration defaultTraceLookback = Duration.ofDays(2);
    private List<String> corsAllowedOrigins = List.of();
    private Set<String> bearerTokens = Set.of();
    private String bindHost;
    private TlsFiles tls;

    private Builder() {}

    /** "/jaeger", "jaeger/" and "/jaeger/" all mean "/jaeger". */
    public Builder basePath(String basePath) {
      Objects.requireNonNull(basePath, "basePath");
      String p = basePath.trim();
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (!p.isEmpty() && !p.startsWith("/")) {
        p = "/" + p;
      }
      this.basePath = p.isEmpty() ? "/" : p;
      return this;
    }

    /** Zero disables clock-skew adjustment (Jaeger's default); negative is rejected. */
    public Builder maxClockSkewAdjustment(Duration max) {
      if (max.isNegative()) {
        throw new IllegalArgumentException("maxClockSkewAdjustment must not be negative: " + max);
      }
      this.maxClockSkewAdjustment = max;
      return this;
    }

    public Builder defaultTraceLookback(Duration lookback) {
      if (lookback.isNegative() || lookback.isZero()) {
        throw new IllegalArgumentException("defaultTraceLookback must be positive: " + lookback);
      }
      this.defaultTraceLookback = lookback;
      return this;
    }

    /** Origins allowed by CORS; "*" allows any; empty (default) disables CORS headers. */
    public Builder corsAllowedOrigins(List<String> origins) {
      this.corsAllowedOrigins = List.copyOf(origins);
      return this;
    }

    /** When not empty, every /api request needs {@code Authorization: Bearer <one of these>}. */
    public Builder bearerTokens(Set<String> tokens) {
      this.bearerTokens = Set.copyOf(tokens);
      return this;
    }

    public Builder bindHost(String host) {
      this.bindHost = host;
      return this;
    }

    /** Serve HTTPS only, with these PEM files; null (default) for plain HTTP. */
    public Builder tls(TlsFiles tls) {
      this.tls = tls;
      return this;
    }

    public QueryOptions build() {
      return new QueryOptions(this);
    }
  }
}
