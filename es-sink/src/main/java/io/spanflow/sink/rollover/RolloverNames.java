package io.spanflow.sink.rollover;

import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names of one index family in rollover mode, under an index prefix: write alias {@code
 * [prefix-]jaeger-span-write}, read alias {@code [prefix-]jaeger-span-read}, first index {@code
 * [prefix-]jaeger-span-000001} (Elasticsearch's rollover then counts up the six digits).
 */
public record RolloverNames(IndexFamily family, String prefix) {

  public RolloverNames {
    Objects.requireNonNull(family, "family");
    prefix = prefix == null ? "" : prefix;
  }

  public String writeAlias() {
    return IndexNames.writeAlias(family, prefix);
  }

  public String readAlias() {
    return IndexNames.readAlias(family, prefix);
  }

  public String firstIndex() {
    return family.prefixedName(prefix) + "-000001";
  }

  /** Whether {@code index} is one of this family's rollover indices ({@code ...-000042}). */
  public boolean isRolloverIndex(String index) {
    String head = family.prefixedName(prefix) + "-";
    return index.startsWith(head) && SEQUENCE.matcher(index.substring(head.length())).matches();
  }

  private static final Pattern SEQUENCE = Pattern.compile("\\d{6,}");
}
