package io.spanflow.query.http;

import io.javalin.http.Context;
import io.spanflow.query.params.GoDuration;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Query-string access with Jaeger's parsing rules and error messages. */
public final class QueryParams {

  private final Map<String, List<String>> params;

  public QueryParams(Map<String, List<String>> params) {
    this.params = params;
  }

  public static QueryParams of(Context ctx) {
    return new QueryParams(ctx.queryParamMap());
  }

  /** The first value, or the empty string (Go's {@code FormValue}). */
  public String first(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  public List<String> all(String name) {
    return params.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return params.containsKey(name);
  }

  /** A base-10 integer, or {@code fallback} when absent. */
  public long longValue(String name, long fallback) {
    String v = first(name);
    if (v.isEmpty()) {
      return fallback;
    }
    return parseLong(name, v);
  }

  /** A Go duration ({@code 1.5ms}), or null when absent. */
  public Duration goDuration(String name) {
    String v = first(name);
    if (v.isEmpty()) {
      return null;
    }
    try {
      return GoDuration.parse(v);
    } catch (IllegalArgumentException e) {
      throw BadParameterException.unparsable(name, e.getMessage());
    }
  }

  static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw BadParameterException.unparsable(
          name, "strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
    }
  }
}
