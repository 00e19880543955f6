package io.spanflow.runtime.admin;

import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code GET /}: Jaeger's admin health shape ({@code status}, {@code upSince}, {@code
 * uptime}) plus each component's check, so an operator sees which part is failing and why.
 */
final class HealthReport {
  static final String AVAILABLE = "Server available";
  static final String NOT_AVAILABLE = "Server not available";

  private final boolean healthy;
  private final String json;

  private HealthReport(boolean healthy, String json) {
    this.healthy = healthy;
    this.json = json;
  }

  /**
   * Runs every check; a null {@code notReadyReason} means the process is ready (started, not
   * shutting down).
   *
   * <p>A check that throws counts as failed with the exception as reason.
   */
  static HealthReport evaluate(
      String notReadyReason, List<Component> components, Instant upSince, Instant now) {
    List<String[]> failing = new ArrayList<>();
    StringBuilder checks = new StringBuilder("[");
    if (notReadyReason != null) {
      failing.add(new String[] {"server", notReadyReason});
    }
    for (Component component : components) {
      CheckResult result;
      try {
        result = component.check();
        if (result == null) {
          result = CheckResult.failed("check returned null");
        }
      } catch (RuntimeException e) {
        result = CheckResult.failed(e);
      }
      if (checks.length() > 1) {
        checks.append(',');
      }
      checks
          .append("{\"name\":")
          .append(quote(component.name()))
          .append(",\"healthy\":")
          .append(result.healthy());
      if (!result.healthy()) {
        checks.append(",\"reason\":").append(quote(result.reason()));
        failing.add(new String[] {component.name(), result.reason()});
      }
      checks.append('}');
    }
    checks.append(']');

    boolean healthy = failing.isEmpty();
    StringBuilder json = new StringBuilder(256);
    json.append("{\"status\":").append(quote(healthy ? AVAILABLE : NOT_AVAILABLE));
    json.append(",\"upSince\":").append(quote(upSince.toString()));
    json.append(",\"uptime\":").append(quote(goDuration(Duration.between(upSince, now))));
    if (!healthy) {
      String[] first = failing.get(0);
      json.append(",\"failing\":").append(quote(first[0]));
      json.append(",\"reason\":").append(quote(first[1]));
    }
    json.append(",\"checks\":").append(checks);
    json.append('}');
    return new HealthReport(healthy, json.toString());
  }

  boolean healthy() {
    return healthy;
  }

  int statusCode() {
    return healthy ? 200 : 503;
  }

  String json() {
    return json;
  }

  /** Go's time.Duration format ("1h2m3.5s"), as Jaeger prints {@code uptime}. */
  static String goDuration(Duration d) {
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    double seconds = d.toSecondsPart() + d.toNanosPart() / 1e9;
    StringBuilder out = new StringBuilder();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    String s = String.format(java.util.Locale.ROOT, "%.3f", seconds);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return out.append(s).append('s').toString();
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
