package io.spanflow.collector.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time and memory of another process, from /proc, and its JVM heap from its metrics. */
final class ProcessStats {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final long pid;
  private final long ticksPerSecond;
  private final String metricsUrl;

  ProcessStats(long pid, long ticksPerSecond, String metricsUrl) {
    this.pid = pid;
    this.ticksPerSecond = ticksPerSecond;
    this.metricsUrl = metricsUrl;
  }

  /** User plus system CPU time so far, in seconds (fields 14 and 15 of /proc/pid/stat). */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) ticksPerSecond;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /** VmRSS (now) in MiB. */
  long rssMiB() {
    return statusKb("VmRSS:") / 1024;
  }

  /** VmHWM (peak RSS) in MiB. */
  long peakRssMiB() {
    return statusKb("VmHWM:") / 1024;
  }

  private long statusKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** Heap in use (Micrometer's jvm_memory_used_bytes, area heap) in MiB; -1 if not exposed. */
  long heapUsedMiB() {
    double bytes = metric("jvm_memory_used_bytes", "area=\"heap\"");
    return Double.isNaN(bytes) ? -1 : (long) (bytes / (1024 * 1024));
  }

  /**
   * The sum of a Prometheus metric's series whose labels contain {@code labelFilter} (empty: all),
   * from the process's metrics endpoint; NaN if it has none.
   */
  double metric(String name, String labelFilter) {
    if (metricsUrl == null) {
      return Double.NaN;
    }
    try {
      String body =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double sum = 0;
      boolean found = false;
      for (String line : body.split("\n")) {
        if ((line.startsWith(name + "{") || line.startsWith(name + " "))
            && line.contains(labelFilter)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          found = true;
        }
      }
      return found ? sum : Double.NaN;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Double.NaN;
    }
  }

  /** Clock ticks per second for /proc times ({@code getconf CLK_TCK}; 100 if that fails). */
  static long clockTicks() {
    try {
      java.lang.Process p = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      return Long.parseLong(out);
    } catch (IOException | RuntimeException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
