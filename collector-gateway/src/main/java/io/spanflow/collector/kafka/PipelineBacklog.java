package io.spanflow.collector.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches how far the pipeline's first consumer group (the stream processor) is behind on the span
 * topic, so that the collector can answer 429 / RESOURCE_EXHAUSTED once the backlog passes a limit.
 *
 * <p>Why: Kafka acknowledges far faster than the pipeline behind it can index, so without a limit
 * an overload never reaches clients; it only grows the lag, and with it the time from span to
 * screen, for as long as the disk lasts. With a limit, clients that retry (OpenTelemetry SDKs, our
 * agent) slow down instead. Off (0) by default, as Jaeger's collector has no such limit; the
 * all-in-one sets one because its broker lives on a laptop disk.
 *
 * <p>The backlog is the sum over the topic's partitions of log end offset minus the group's
 * committed offset. A group that has committed nothing yet (the processor is starting) counts as no
 * backlog: the limit is for a pipeline that runs but cannot keep up.
 */
final class PipelineBacklog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineBacklog.class);

  private final Map<String, Object> adminConfig;
  private final String topic;
  private final String group;
  private final long limit;
  private final Duration interval;
  private final Duration timeout;
  private volatile long backlog;
  private AdminPoller poller;

  PipelineBacklog(
      Map<String, Object> adminConfig,
      String topic,
      String group,
      long limit,
      Duration interval,
      Duration timeout) {
    this.adminConfig = adminConfig;
    this.topic = topic;
    this.group = group;
    this.limit = limit;
    this.interval = interval;
    this.timeout = timeout;
  }

  void start() {
    poller = new AdminPoller(adminConfig, "pipeline-backlog");
    poller.every(interval, Duration.ZERO, this::measure);
  }

  /** Records not yet processed by the group, as of the last measurement. */
  long backlog() {
    return backlog;
  }

  /** Null while under the limit, else what to tell the client. */
  String overLimit() {
    long b = backlog;
    if (b <= limit) {
      return null;
    }
    return "pipeline backlog: "
        + b
        + " spans on "
        + topic
        + " not yet processed by "
        + group
        + " (limit "
        + limit
        + "); retry later";
  }

  private void measure() {
    try {
      long wait = timeout.toMillis();
      Map<TopicPartition, OffsetAndMetadata> committed =
          poller
              .admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(wait, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.forEach(
          (tp, offset) -> {
            if (tp.topic().equals(topic) && offset != null) {
              latest.put(tp, OffsetSpec.latest());
            }
          });
      if (latest.isEmpty()) {
        setBacklog(0);
        return;
      }
      Map<TopicPartition, ListOffsetsResultInfo> ends =
          poller.admin().listOffsets(latest).all().get(wait, TimeUnit.MILLISECONDS);
      long sum = 0;
      for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : ends.entrySet()) {
        sum += Math.max(0, e.getValue().offset() - committed.get(e.getKey()).offset());
      }
      setBacklog(sum);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Unknown is not over the limit: reachability has its own probe and its own answer (503).
      LOG.debug("could not measure the backlog of {} on {}", group, topic, e);
      setBacklog(0);
    }
  }

  private void setBacklog(long value) {
    boolean wasOver = backlog > limit;
    backlog = value;
    boolean over = value > limit;
    if (over && !wasOver) {
      LOG.warn("{}: answering 429 / RESOURCE_EXHAUSTED until it drains", overLimit());
    } else if (wasOver && !over) {
      LOG.info("pipeline backlog {} is under the limit {} again", value, limit);
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.close();
    }
  }
}
