package io.spanflow.collector.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * An Admin client and the one daemon thread that asks it something every interval; the collector's
 * reachability probe and backlog watch each own one.
 */
final class AdminPoller implements AutoCloseable {
  private final Admin admin;
  private final ScheduledExecutorService scheduler;

  AdminPoller(Map<String, Object> adminConfig, String threadName) {
    this.admin = Admin.create(adminConfig);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  Admin admin() {
    return admin;
  }

  /** Runs {@code task} after {@code initialDelay}, then {@code interval} after each run ends. */
  void every(Duration interval, Duration initialDelay, Runnable task) {
    scheduler.scheduleWithFixedDelay(
        task, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
