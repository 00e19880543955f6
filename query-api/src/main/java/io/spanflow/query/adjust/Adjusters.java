package io.spanflow.query.adjust;

import java.time.Duration;

/** The adjuster chain the query service applies, in the order documented in package-info. */
public final class Adjusters {

  private Adjusters() {}

  /**
   * @param maxClockSkewAdjustment largest shift the clock-skew adjuster may apply; zero disables it
   *     (Jaeger's default), leaving a warning where a shift was needed
   */
  public static Adjuster standard(Duration maxClockSkewAdjustment) {
    return new SpanDeduplicator()
        .andThen(new ZipkinSharedSpanIds())
        .andThen(new ClockSkewAdjuster(maxClockSkewAdjustment))
        .andThen(new SpanSorter())
        .andThen(new ProcessNumbering());
  }

  /** No change at all (for {@code ?raw=true}), except process numbering the UI model needs. */
  public static Adjuster raw() {
    return new ProcessNumbering();
  }
}
