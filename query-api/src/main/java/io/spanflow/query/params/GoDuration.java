package io.spanflow.query.params;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Go's duration syntax ({@code 1.5ms}, {@code 2h45m}, {@code -300us}), which Jaeger's API uses for
 * {@code minDuration}/{@code maxDuration} and in its clock-skew warnings. Parse errors carry Go's
 * own messages.
 */
public final class GoDuration {

  private GoDuration() {}

  /**
   * Parses a Go duration string.
   *
   * @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "x"}
   */
  public static Duration parse(String text) {
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(text);
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(numberStart, i);
      if (number.isEmpty()
          || number.equals(".")
          || number.indexOf('.') != number.lastIndexOf('.')) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("time: missing unit in duration \"" + text + "\"");
      }
      long nanosPerUnit =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "\u00b5s", "\u03bcs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw new IllegalArgumentException(
                    "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
          };
      totalNanos =
          totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(nanosPerUnit)));
    }
    if (totalNanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw invalid(text);
    }
    long nanos = totalNanos.longValue();
    return Duration.ofNanos(negative ? -nanos : nanos);
  }

  /**
   * Prints a duration as Go's {@code time.Duration.String()} does: {@code 1.5ms}, {@code 1m30s}.
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; printing it exactly does not matter here.
    long u = Math.abs(nanos == Long.MIN_VALUE ? nanos + 1 : nanos);
    if (u < 1_000L) {
      return sign + u + "ns";
    }
    if (u < 1_000_000L) {
      return sign + fraction(u, 3) + "\u00b5s";
    }
    if (u < 1_000_000_000L) {
      return sign + fraction(u, 6) + "ms";
    }
    StringBuilder out = new StringBuilder(sign);
    long seconds = u / 1_000_000_000L;
    long nanosOfSecond = u % 1_000_000_000L;
    long hours = seconds / 3600;
    long minutes = (seconds / 60) % 60;
    long secs = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (seconds >= 60) {
      out.append(minutes).append('m');
    }
    out.append(fraction(secs * 1_000_000_000L + nanosOfSecond, 9)).append('s');
    return out.toString();
  }

  private static String fraction(long value, int digits) {
    long scale = (long) Math.pow(10, digits);
    long whole = value / scale;
    long frac = value % scale;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String f = String.format("%0" + digits + "d", frac).replaceAll("0+$", "");
    return whole + "." + f;
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }
}
