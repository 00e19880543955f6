package io.spanflow.sink.rollover;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Units of {@code rollover lookback --unit}, with Jaeger's cut-off rules (UTC): minutes and hours
 * count back from the current minute or hour; days and weeks from tomorrow's midnight (so {@code
 * --unit days --unit-count 1} keeps today's indices); months and years from today's midnight.
 */
public enum LookbackUnit {
  SECONDS,
  MINUTES,
  HOURS,
  DAYS,
  WEEKS,
  MONTHS,
  YEARS;

  /** Indices created before the returned instant are out of the lookback window. */
  public Instant cutoff(Instant now, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("unit count must be >= 0: " + count);
    }
    Instant tomorrow = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    switch (this) {
      case SECONDS:
        return now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(count);
      case MINUTES:
        return now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(count));
      case HOURS:
        return now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(count));
      case DAYS:
        return tomorrow.minus(Duration.ofDays(count));
      case WEEKS:
        return tomorrow.minus(Duration.ofDays(7L * count));
      case MONTHS:
        return now.atOffset(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.DAYS)
            .minusMonths(count)
            .toInstant();
      case YEARS:
        return now.atOffset(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.DAYS)
            .minusYears(count)
            .toInstant();
      default:
        throw new AssertionError(this);
    }
  }
}
