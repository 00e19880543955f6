package io.spanflow.collector.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its brokers every interval. The producer alone cannot say whether Kafka is
 * reachable (it buffers and retries silently); this probe lets the collector answer 503 at once and
 * report unhealthy instead of holding requests until the delivery timeout.
 */
final class KafkaReachability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);

  private final Map<String, Object> adminConfig;
  private final Duration interval;
  private final Duration timeout;
  private volatile String failure = "Kafka not probed yet";
  private AdminPoller poller;

  KafkaReachability(Map<String, Object> adminConfig, Duration interval, Duration timeout) {
    this.adminConfig = adminConfig;
    this.interval = interval;
    this.timeout = timeout;
  }

  /** Probes once synchronously (never throws), then keeps probing in the background. */
  void start() {
    poller = new AdminPoller(adminConfig, "kafka-reachability");
    probe();
    poller.every(interval, interval, this::probe);
  }

  /** Null when the last probe reached a broker, else why not. */
  String failure() {
    return failure;
  }

  /** A send failed in a way that says the cluster is gone; wait for the next probe to clear it. */
  void markUnreachable(String reason) {
    failure = reason;
  }

  private void probe() {
    try {
      int nodes =
          poller
              .admin()
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS)
              .size();
      if (nodes == 0) {
        setFailure("Kafka cluster reports no brokers");
      } else {
        setFailure(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      setFailure("Kafka unreachable: " + rootMessage(e));
    }
  }

  private void setFailure(String reason) {
    String previous = failure;
    failure = reason;
    if (reason == null && previous != null) {
      LOG.info("Kafka reachable");
    } else if (reason != null && previous == null) {
      LOG.warn("{}", reason);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
  }
}
