package io.spanflow.schemas.es;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Time-based index names as Jaeger builds them: {@code [prefix-]jaeger-span-2026-11-21}.
 *
 * <p>The prefix is {@code --es.index-prefix}; as in Jaeger a {@code -} joins it to the name (a
 * prefix already ending in {@code -} gets no second one); null or empty means none.
 */
public final class IndexNames {

  private IndexNames() {}

  public static String spanIndex(String prefix, Instant time, IndexDateLayout layout) {
    return index(IndexFamily.SPAN, prefix, time, layout);
  }

  public static String spanIndex(String prefix, Instant time) {
    return spanIndex(prefix, time, IndexDateLayout.DEFAULT);
  }

  public static String serviceIndex(String prefix, Instant time, IndexDateLayout layout) {
    return index(IndexFamily.SERVICE, prefix, time, layout);
  }

  public static String serviceIndex(String prefix, Instant time) {
    return serviceIndex(prefix, time, IndexDateLayout.DEFAULT);
  }

  public static String dependenciesIndex(String prefix, Instant time, IndexDateLayout layout) {
    return index(IndexFamily.DEPENDENCIES, prefix, time, layout);
  }

  public static String dependenciesIndex(String prefix, Instant time) {
    return dependenciesIndex(prefix, time, IndexDateLayout.DEFAULT);
  }

  public static String spanMetricsIndex(String prefix, Instant time, IndexDateLayout layout) {
    return index(IndexFamily.SPAN_METRICS, prefix, time, layout);
  }

  public static String spanMetricsIndex(String prefix, Instant time) {
    return spanMetricsIndex(prefix, time, IndexDateLayout.DEFAULT);
  }

  public static String index(
      IndexFamily family, String prefix, Instant time, IndexDateLayout layout) {
    return family.prefixedName(prefix) + "-" + layout.format(time);
  }

  /**
   * Every index of a family that can hold data between {@code from} and {@code to} (inclusive),
   * newest first, as Jaeger's reader lists them for a query's time range.
   */
  public static List<String> indicesBetween(
      IndexFamily family, String prefix, Instant from, Instant to, IndexDateLayout layout) {
    List<String> out = new ArrayList<>();
    Instant first = layout.periodStart(from);
    for (Instant t = layout.periodStart(to); !t.isBefore(first); t = t.minus(layout.period())) {
      out.add(index(family, prefix, t, layout));
    }
    return out;
  }

  /** Read alias for rollover mode: {@code [prefix-]jaeger-span-read}. */
  public static String readAlias(IndexFamily family, String prefix) {
    return family.prefixedName(prefix) + "-read";
  }

  /** Write alias for rollover mode: {@code [prefix-]jaeger-span-write}. */
  public static String writeAlias(IndexFamily family, String prefix) {
    return family.prefixedName(prefix) + "-write";
  }

  /**
   * The period start an index name stands for, when it is a dated index of {@code family} under
   * {@code prefix} (what the retention cleaner compares).
   */
  public static Optional<Instant> dateOf(
      IndexFamily family, String prefix, String indexName, IndexDateLayout layout) {
    String head = family.prefixedName(prefix) + "-";
    if (!indexName.startsWith(head)) {
      return Optional.empty();
    }
    return layout.parse(indexName.substring(head.length()));
  }

  /** {@code ""} for none, else the prefix ending in {@code -}. */
  public static String normalizePrefix(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return "";
    }
    return prefix.endsWith("-") ? prefix : prefix + "-";
  }
}
