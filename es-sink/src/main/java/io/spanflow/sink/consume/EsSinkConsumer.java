package io.spanflow.sink.consume;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.sink.bulk.BulkAction;
import io.spanflow.sink.bulk.BulkSettings;
import io.spanflow.sink.bulk.BulkWorker;
import io.spanflow.sink.bulk.CompletedOffsets;
import io.spanflow.sink.bulk.DeadLetterSink;
import io.spanflow.sink.bulk.EsBulkWriter;
import io.spanflow.sink.bulk.SinkMetrics;
import io.spanflow.sink.dlq.KafkaDeadLetterPublisher;
import io.spanflow.sink.es.TemplateInstaller;
import io.spanflow.sink.rollover.AliasRollover;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's consumer loop, as a lifecycle {@link Component}.
 *
 * <p>One thread owns the {@link KafkaConsumer}: it installs the index templates (retrying until
 * Elasticsearch answers; nothing is consumed before), then polls, maps each record to a {@link
 * BulkAction} and hands it to the {@link BulkWorker} owning the record's partition. Before each
 * poll it pauses the partitions whose worker is backed up and resumes the others, so during an
 * Elasticsearch outage the lag grows in Kafka, not in memory. After each poll it commits the
 * offsets the workers report done. Auto-commit is off; records are read {@code read_committed}.
 *
 * <p>Why not elasticsearch-java's {@code BulkIngester}: it runs concurrent bulks out of one shared
 * buffer, so items of one partition (and two versions of one document) can finish out of order, its
 * retries (429 only) re-enter behind newer items, and it cannot pause intake while retrying.
 * Committing "every offset below N is stored" needs per-partition order, which partition-affine
 * workers with their own batching give directly.
 */
public final class EsSinkConsumer implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(EsSinkConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration UNASSIGNED_GRACE = Duration.ofSeconds(60);

  private final Builder config;
  private final SinkMetrics metrics;
  private final CompletedOffsets offsets = new CompletedOffsets();
  private final RecordMapper mapper;
  private final List<BulkWorker> workers = new ArrayList<>();
  private final Set<TopicPartition> paused = new HashSet<>();

  private KafkaConsumer<byte[], byte[]> consumer;
  private ScheduledExecutorService esProbe;
  private volatile String esProblem;
  private KafkaClientMetrics consumerMetrics;
  private KafkaDeadLetterPublisher ownPublisher;
  private Thread loop;
  private volatile boolean running;
  private volatile boolean templatesInstalled;
  private volatile String templateProblem = "not started";
  private volatile String loopProblem;
  private volatile int assigned;
  private volatile long startedAtNanos;
  private boolean closed;

  private EsSinkConsumer(Builder b) {
    this.config = b;
    this.metrics = new SinkMetrics(b.registry);
    this.mapper =
        new RecordMapper(b.topics, b.templates.prefix(), b.layout, b.templates.useAliases());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "es-sink";
  }

  @Override
  public synchronized void start() {
    if (loop != null) {
      throw new IllegalStateException("already started");
    }
    DeadLetterSink deadLetters = config.deadLetters;
    if (deadLetters == null) {
      ownPublisher =
          new KafkaDeadLetterPublisher(
              config.bootstrapServers, config.topics.dlq(), config.producerProperties);
      deadLetters = ownPublisher;
    }
    // In rollover mode a missing write alias must not silently become an index of that name.
    EsBulkWriter writer = new EsBulkWriter(config.client, config.templates.useAliases());
    for (int i = 0; i < config.bulk.workers(); i++) {
      BulkWorker w =
          new BulkWorker("es-sink-bulk-" + i, config.bulk, writer, deadLetters, offsets, metrics);
      workers.add(w);
      w.start();
    }
    consumer =
        new KafkaConsumer<>(
            consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(config.registry);
    Gauge.builder("spanflow.sink.held.actions", this, c -> c.heldActions())
        .description("Actions read from Kafka and not yet stored")
        .register(config.registry);
    Gauge.builder("spanflow.sink.paused.partitions", this, c -> c.pausedCount)
        .description("Partitions paused because Elasticsearch is behind")
        .register(config.registry);
    // Health says whether ES answers even when no bulk is going (an idle sink sends none).
    esProbe =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "es-sink-es-probe");
              t.setDaemon(true);
              return t;
            });
    esProbe.scheduleWithFixedDelay(
        this::probeElasticsearch, 0, config.esProbeInterval.toMillis(), TimeUnit.MILLISECONDS);
    running = true;
    startedAtNanos = System.nanoTime();
    loop = new Thread(this::runLoop, "es-sink-consumer");
    loop.start();
  }

  private volatile int pausedCount;

  private Map<String, Object> consumerProperties() {
    Map<String, Object> p = new HashMap<>(config.consumerProperties);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "spanflow-es-sink");
    return p;
  }

  private void runLoop() {
    try {
      installTemplates();
      if (!running) {
        return;
      }
      consumer.subscribe(config.topics.inputs().keySet(), new Rebalance());
      while (running) {
        adjustPauses();
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException e) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          worker(tp).add(mapper.map(r, offsets.epoch(tp)));
          offsets.handed(tp, r.offset() + 1);
        }
        commitDone();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      loopProblem = "consumer loop died: " + e;
      LOG.error("es-sink consumer loop died", e);
    } finally {
      for (BulkWorker w : workers) {
        w.drain(config.drainTimeout);
      }
      try {
        commitDone();
      } catch (RuntimeException e) {
        LOG.warn("final commit failed: {}", e.toString());
      }
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Installs the templates and, in rollover mode, creates the first indices and aliases (or, when
   * told not to create anything, checks they exist). Retries until done: nothing is consumed
   * before, and the health check says what is missing.
   */
  private void installTemplates() {
    boolean aliases = config.templates.useAliases();
    if (!config.installTemplates && !aliases) {
      templatesInstalled = true;
      templateProblem = null;
      return;
    }
    int attempt = 0;
    while (running) {
      try {
        if (config.installTemplates) {
          new TemplateInstaller(config.client, config.templates).install();
        }
        if (aliases) {
          AliasRollover rollover = new AliasRollover(config.client, config.templates.prefix());
          if (config.installTemplates) {
            rollover.init().forEach(change -> LOG.info("rollover init: {}", change));
          } else {
            Optional<String> missing = rollover.missingWriteAlias();
            if (missing.isPresent()) {
              throw new IllegalStateException(missing.get());
            }
          }
        }
        templatesInstalled = true;
        templateProblem = null;
        return;
      } catch (Exception e) {
        templateProblem =
            (aliases ? "indices and aliases not ready: " : "index templates not installed: ") + e;
        Duration wait = config.bulk.backoff(attempt++);
        LOG.warn("{}; retry in {}", templateProblem, wait);
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void probeElasticsearch() {
    try {
      config.client.cluster().health();
      esProblem = null;
    } catch (Exception e) {
      esProblem = "Elasticsearch unreachable: " + e;
    }
  }

  private BulkWorker worker(TopicPartition tp) {
    return workers.get(Math.floorMod(Objects.hash(tp.topic(), tp.partition()), workers.size()));
  }

  private void adjustPauses() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (TopicPartition tp : consumer.assignment()) {
      boolean full = !worker(tp).hasCapacity();
      if (full && paused.add(tp)) {
        pause.add(tp);
      } else if (!full && paused.remove(tp)) {
        resume.add(tp);
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
      LOG.info("paused {} partitions: Elasticsearch is behind", pause.size());
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
      LOG.info("resumed {} partitions", resume.size());
    }
    pausedCount = paused.size();
  }

  private void commitDone() {
    Map<TopicPartition, Long> positions = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      try {
        positions.put(tp, consumer.position(tp, Duration.ZERO));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // No position yet (still being reset); the done offsets alone are committed.
      }
    }
    Map<TopicPartition, OffsetAndMetadata> done = offsets.toCommit(positions);
    done.keySet().retainAll(consumer.assignment());
    if (done.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(done);
      offsets.committed(done);
    } catch (WakeupException e) {
      consumer.commitSync(done);
      offsets.committed(done);
      throw e;
    } catch (org.apache.kafka.common.KafkaException e) {
      LOG.warn("offset commit failed, will retry: {}", e.toString());
    }
  }

  private int heldActions() {
    int n = 0;
    for (BulkWorker w : workers) {
      n += w.heldActions();
    }
    return n;
  }

  /** Sink meters, e.g. for tests: docs indexed per family, dead-lettered, retried. */
  public SinkMetrics metrics() {
    return metrics;
  }

  @Override
  public CheckResult check() {
    if (loop == null) {
      return CheckResult.failed("not started");
    }
    if (loopProblem != null) {
      return CheckResult.failed(loopProblem);
    }
    if (!templatesInstalled) {
      return CheckResult.failed(templateProblem);
    }
    String unreachable = esProblem;
    if (unreachable != null) {
      return CheckResult.failed(unreachable);
    }
    for (BulkWorker w : workers) {
      if (!w.alive() && running) {
        return CheckResult.failed("bulk worker stopped: " + w.lastFailure());
      }
      if (w.failing()) {
        return CheckResult.failed("Elasticsearch bulk requests failing: " + w.lastFailure());
      }
    }
    if (assigned == 0 && System.nanoTime() - startedAtNanos > UNASSIGNED_GRACE.toNanos()) {
      return CheckResult.failed("no Kafka partitions assigned");
    }
    return CheckResult.ok();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    running = false;
    if (loop != null) {
      consumer.wakeup();
      if (!templatesInstalled) {
        loop.interrupt(); // only the template retry sleeps; never interrupt the Kafka client
      }
      try {
        loop.join(config.drainTimeout.toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (esProbe != null) {
      esProbe.shutdownNow();
    }
    if (consumerMetrics != null) {
      consumerMetrics.close();
    }
    if (ownPublisher != null) {
      ownPublisher.close();
    }
  }

  @Override
  public String toString() {
    return "EsSinkConsumer{brokers="
        + config.bootstrapServers
        + ", group="
        + config.groupId
        + ", topics="
        + config.topics
        + ", bulk="
        + config.bulk
        + ", templates="
        + config.templates
        + ", layout="
        + config.layout
        + "}";
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      try {
        commitDone();
      } catch (RuntimeException e) {
        LOG.warn("commit on revoke failed: {}", e.toString());
      }
      offsets.revoke(partitions);
      paused.removeAll(partitions);
      assigned = Math.max(0, consumer.assignment().size() - partitions.size());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      offsets.revoke(partitions);
      paused.removeAll(partitions);
      assigned = 0;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      assigned = consumer.assignment().size();
      LOG.info("assigned {}", partitions);
    }
  }

  /** Configuration; defaults are Jaeger's where Jaeger has one. */
  public static final class Builder {
    private String bootstrapServers = "127.0.0.1:9092";
    private String groupId = "spanflow-es-sink";
    private Map<String, Object> consumerProperties = Map.of();
    private Map<String, Object> producerProperties = Map.of();
    private SinkTopics topics = SinkTopics.defaults();
    private ElasticsearchClient client;
    private IndexTemplates.Options templates = IndexTemplates.Options.defaults();
    private boolean installTemplates = true;
    private IndexDateLayout layout = IndexDateLayout.DEFAULT;
    private BulkSettings bulk = BulkSettings.defaults();
    private DeadLetterSink deadLetters;
    private MeterRegistry registry = new SimpleMeterRegistry();
    private Duration drainTimeout = Duration.ofSeconds(10);
    private Duration esProbeInterval = Duration.ofSeconds(10);

    private Builder() {}

    /** How often the health check asks Elasticsearch whether it is there (default 10 s). */
    public Builder esProbeInterval(Duration interval) {
      if (interval.isZero() || interval.isNegative()) {
        throw new IllegalArgumentException("probe interval must be positive: " + interval);
      }
      this.esProbeInterval = interval;
      return this;
    }

    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = Objects.requireNonNull(servers, "servers");
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = Objects.requireNonNull(groupId, "groupId");
      return this;
    }

    /** Extra consumer settings (security, timeouts); the sink's own settings win. */
    public Builder consumerProperties(Map<String, Object> props) {
      this.consumerProperties = Map.copyOf(props);
      return this;
    }

    /** Extra settings of the dead-letter producer. */
    public Builder producerProperties(Map<String, Object> props) {
      this.producerProperties = Map.copyOf(props);
      return this;
    }

    public Builder topics(SinkTopics topics) {
      this.topics = Objects.requireNonNull(topics, "topics");
      return this;
    }

    public Builder client(ElasticsearchClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Prefix, shards, replicas, rollover aliases. */
    public Builder templates(IndexTemplates.Options templates) {
      this.templates = Objects.requireNonNull(templates, "templates");
      return this;
    }

    /**
     * Whether to install the index templates at start (default true); in rollover mode also whether
     * to create the first indices and aliases, else only to require them.
     */
    public Builder installTemplates(boolean install) {
      this.installTemplates = install;
      return this;
    }

    public Builder dateLayout(IndexDateLayout layout) {
      this.layout = Objects.requireNonNull(layout, "layout");
      return this;
    }

    public Builder bulk(BulkSettings bulk) {
      this.bulk = Objects.requireNonNull(bulk, "bulk");
      return this;
    }

    /** Where refused records go; default: a producer to {@link SinkTopics#dlq()}. */
    public Builder deadLetters(DeadLetterSink sink) {
      this.deadLetters = sink;
      return this;
    }

    public Builder registry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** How long {@code close()} waits for held records to be stored. */
    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public EsSinkConsumer build() {
      Objects.requireNonNull(client, "an Elasticsearch client is required");
      return new EsSinkConsumer(this);
    }
  }
}
