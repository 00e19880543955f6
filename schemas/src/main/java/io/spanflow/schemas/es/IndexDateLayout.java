package io.spanflow.schemas.es;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The date part of a time-based index name, always in UTC, as Jaeger builds it: {@code 2026-11-21}
 * by default, another separator with {@code --es.index-date-separator} ({@code 2026.11.21}, {@code
 * 20261121}), and {@code 2026-11-21-13} for hourly rollover ({@code
 * --es.index-rollover-frequency-spans=hour}).
 */
public final class IndexDateLayout {

  /** Jaeger's default: daily, {@code yyyy-MM-dd}. */
  public static final IndexDateLayout DEFAULT = daily("-");

  private final String separator;
  private final boolean hourly;
  private final DateTimeFormatter formatter;

  private IndexDateLayout(String separator, boolean hourly) {
    this.separator = Objects.requireNonNull(separator, "separator");
    this.hourly = hourly;
    String pattern = "uuuu" + quote(separator) + "MM" + quote(separator) + "dd";
    if (hourly) {
      pattern += quote(separator) + "HH";
    }
    this.formatter = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC);
  }

  /** One index per UTC day, date parts joined by {@code separator} (may be empty). */
  public static IndexDateLayout daily(String separator) {
    return new IndexDateLayout(separator, false);
  }

  /** One index per UTC hour. */
  public static IndexDateLayout hourly(String separator) {
    return new IndexDateLayout(separator, true);
  }

  /** {@code "day"} or {@code "hour"}, Jaeger's rollover frequency values. */
  public static IndexDateLayout of(String separator, String frequency) {
    switch (frequency) {
      case "day":
        return daily(separator);
      case "hour":
        return hourly(separator);
      default:
        throw new IllegalArgumentException("rollover frequency must be day or hour: " + frequency);
    }
  }

  public String format(Instant time) {
    return formatter.format(time);
  }

  /** The start of the period a date suffix names, or empty when it is not one of ours. */
  public Optional<Instant> parse(String suffix) {
    try {
      if (hourly) {
        return Optional.of(LocalDateTime.parse(suffix, formatter).toInstant(ZoneOffset.UTC));
      }
      return Optional.of(
          java.time.LocalDate.parse(suffix, formatter).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The start of the period holding {@code time}. */
  public Instant periodStart(Instant time) {
    return time.truncatedTo(hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS);
  }

  public Duration period() {
    return hourly ? Duration.ofHours(1) : Duration.ofDays(1);
  }

  public String separator() {
    return separator;
  }

  public boolean hourly() {
    return hourly;
  }

  private static String quote(String literal) {
    return literal.isEmpty() ? "" : "'" + literal.replace("'", "''") + "'";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexDateLayout
        && ((IndexDateLayout) o).separator.equals(separator)
        && ((IndexDateLayout) o).hourly == hourly;
  }

  @Override
  public int hashCode() {
    return Objects.hash(separator, hourly);
  }

  @Override
  public String toString() {
    return "IndexDateLayout{separator='" + separator + "', " + (hourly ? "hour" : "day") + "}";
  }
}
