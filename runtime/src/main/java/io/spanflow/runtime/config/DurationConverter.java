package io.spanflow.runtime.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as Jaeger writes them (Go syntax: {@code 500ms}, {@code 5s}, {@code 1m30s}, {@code 2h},
 * {@code 1.5s}, {@code 250us}, {@code 0}) and ISO-8601 ({@code PT5S}). Registered for every {@link
 * Duration} option by {@link ConfigBinder}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. 500ms, 5s, 1m30s, PT5S)");
    }
  }

  /** Parses Go or ISO-8601 duration text; throws IllegalArgumentException otherwise. */
  public static Duration parse(String value) {
    String text = value == null ? "" : value.trim();
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.startsWith("P") || text.startsWith("p")) {
      try {
        return Duration.parse(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(value, e);
      }
    }
    Matcher m = PART.matcher(text);
    int position = 0;
    double nanos = 0;
    while (m.find() && m.start() == position) {
      double amount = Double.parseDouble(m.group(1));
      nanos +=
          amount
              * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      position = m.end();
    }
    if (position == 0 || position != text.length()) {
      throw new IllegalArgumentException("not a duration: '" + value + "'");
    }
    return Duration.ofNanos(Math.round(nanos));
  }
}
