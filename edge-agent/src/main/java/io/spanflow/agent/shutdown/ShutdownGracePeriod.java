package io.spanflow.agent.shutdown;

import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Added last to the application, so it is the first component closed on SIGTERM: its {@code
 * close()} just waits the grace period while every receiver is still open. In a pod, the app and
 * the agent sidecar get SIGTERM together; the app's tracer flushes its last spans during its own
 * shutdown, and without this wait they would reach a closed port.
 */
public final class ShutdownGracePeriod implements Component {
  private static final Logger log = LoggerFactory.getLogger(ShutdownGracePeriod.class);

  private final Duration period;
  private final CountDownLatch cut = new CountDownLatch(1);

  public ShutdownGracePeriod(Duration period) {
    this.period = Objects.requireNonNull(period, "period");
    if (period.isNegative()) {
      throw new IllegalArgumentException("grace period must not be negative: " + period);
    }
  }

  @Override
  public String name() {
    return "shutdown-grace-period";
  }

  @Override
  public void start() {}

  @Override
  public CheckResult check() {
    return CheckResult.ok();
  }

  public Duration period() {
    return period;
  }

  /** Ends a running grace period early (tests, or a second signal). */
  public void cutShort() {
    cut.countDown();
  }

  @Override
  public void close() {
    if (period.isZero() || cut.getCount() == 0) {
      return;
    }
    log.info("Shutting down: still receiving for the {} grace period", period);
    try {
      cut.await(period.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cut.countDown(); // idempotent: a second close() returns at once
  }
}
