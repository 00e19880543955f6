package io.spanflow.query.storage.es;

import io.spanflow.schemas.es.IndexDateLayout;
import java.time.Duration;
import java.util.Objects;

/** Index layout and paging knobs of the Elasticsearch readers, with Jaeger's defaults. */
public final class EsReaderOptions {

  private final String indexPrefix;
  private final IndexDateLayout spanDateLayout;
  private final IndexDateLayout serviceDateLayout;
  private final IndexDateLayout dependenciesDateLayout;
  private final boolean useReadAliases;
  private final Duration maxSpanAge;
  private final int pageSize;

  private EsReaderOptions(Builder b) {
    this.indexPrefix = b.indexPrefix;
    this.spanDateLayout = b.spanDateLayout;
    this.serviceDateLayout = b.serviceDateLayout;
    this.dependenciesDateLayout = b.dependenciesDateLayout;
    this.useReadAliases = b.useReadAliases;
    this.maxSpanAge = b.maxSpanAge;
    this.pageSize = b.pageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String indexPrefix() {
    return indexPrefix;
  }

  public IndexDateLayout spanDateLayout() {
    return spanDateLayout;
  }

  public IndexDateLayout serviceDateLayout() {
    return serviceDateLayout;
  }

  public IndexDateLayout dependenciesDateLayout() {
    return dependenciesDateLayout;
  }

  /** Read through {@code [prefix-]jaeger-span-read} etc. instead of dated names (rollover). */
  public boolean useReadAliases() {
    return useReadAliases;
  }

  /** How far back trace-by-id and the service list look ({@code --es.max-span-age}). */
  public Duration maxSpanAge() {
    return maxSpanAge;
  }

  /** Documents per search page; at most ES's result window (10,000). */
  public int pageSize() {
    return pageSize;
  }

  @Override
  public String toString() {
    return "EsReaderOptions{indexPrefix='"
        + indexPrefix
        + "', spanDateLayout="
        + spanDateLayout
        + ", useReadAliases="
        + useReadAliases
        + ", maxSpanAge="
        + maxSpanAge
        + ", pageSize="
        + pageSize
        + '}';
  }

  /** Defaults: no prefix, daily {@code yyyy-MM-dd} indices, 72h max span age, 10,000 per page. */
  public static final class Builder {
    private String indexPrefix = "";
    private IndexDateLayout spanDateLayout = IndexDateLayout.DEFAULT;
    private IndexDateLayout serviceDateLayout = IndexDateLayout.DEFAULT;
    private IndexDateLayout dependenciesDateLayout = IndexDateLayout.DEFAULT;
    private boolean useReadAliases;
    private Duration maxSpanAge = Duration.ofHours(72);
    private int pageSize = 10_000;

    private Builder() {}

    public Builder indexPrefix(String indexPrefix) {
      this.indexPrefix = indexPrefix == null ? "" : indexPrefix;
      return this;
    }

    public Builder spanDateLayout(IndexDateLayout layout) {
      this.spanDateLayout = Objects.requireNonNull(layout);
      return this;
    }

    public Builder serviceDateLayout(IndexDateLayout layout) {
      this.serviceDateLayout = Objects.requireNonNull(layout);
      return this;
    }

    public Builder dependenciesDateLayout(IndexDateLayout layout) {
      this.dependenciesDateLayout = Objects.requireNonNull(layout);
      return this;
    }

    public Builder useReadAliases(boolean useReadAliases) {
      this.useReadAliases = useReadAliases;
      return this;
    }

    public Builder maxSpanAge(Duration maxSpanAge) {
      if (maxSpanAge.isNegative() || maxSpanAge.isZero()) {
        throw new IllegalArgumentException("maxSpanAge must be positive: " + maxSpanAge);
      }
      this.maxSpanAge = maxSpanAge;
      return this;
    }

    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 10_000) {
        throw new IllegalArgumentException("pageSize must be 1..10000: " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    public EsReaderOptions build() {
      return new EsReaderOptions(this);
    }
  }
}
