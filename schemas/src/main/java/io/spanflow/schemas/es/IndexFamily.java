package io.spanflow.schemas.es;

import java.util.Optional;

/** The kinds of time-based index Spanflow writes, each with its template resource. */
public enum IndexFamily {
  /** Jaeger span documents, {@link SpanDocumentMapper}. */
  SPAN("jaeger-span"),
  /** Jaeger service/operation documents, {@link ServiceOperationDocument}. */
  SERVICE("jaeger-service"),
  /** Jaeger dependency documents, {@link DependenciesDocument}. */
  DEPENDENCIES("jaeger-dependencies"),
  /** Spanflow's per-minute RED metrics, {@link SpanMetricsDocument}. */
  SPAN_METRICS("spanflow-span-metrics");

  private final String baseName;

  IndexFamily(String baseName) {
    this.baseName = baseName;
  }

  /** {@code jaeger-span}: the index name without prefix and date; also a metric label. */
  public String baseName() {
    return baseName;
  }

  /** {@code [prefix-]jaeger-span}: the template's name, and what a date is appended to. */
  public String prefixedName(String prefix) {
    return IndexNames.normalizePrefix(prefix) + baseName;
  }

  /** {@code [prefix-]jaeger-span-*}. */
  public String indexPattern(String prefix) {
    return prefixedName(prefix) + "-*";
  }

  /** Classpath resource holding this family's index template. */
  public String templateResource() {
    return "/io/spanflow/schemas/es/templates/" + baseName + ".json";
  }

  /**
   * The family an index (or alias) name belongs to, given the prefix it was written with: {@code
   * foo-jaeger-span-2026-11-21} with prefix {@code foo} is {@link #SPAN}.
   */
  public static Optional<IndexFamily> ofIndex(String prefix, String indexName) {
    String p = IndexNames.normalizePrefix(prefix);
    if (!indexName.startsWith(p)) {
      return Optional.empty();
    }
    String rest = indexName.substring(p.length());
    for (IndexFamily family : values()) {
      if (rest.startsWith(family.baseName + "-")) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }
}
