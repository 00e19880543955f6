package io.spanflow.embedded.kafka;

import io.spanflow.embedded.files.DataDirectories;
import io.spanflow.embedded.net.LoopbackPorts;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker running in this JVM: one KRaft node with combined broker and controller
 * roles, listening on 127.0.0.1 only.
 *
 * <p>The data directory is formatted only when it holds no {@code meta.properties}, so a broker
 * restarted on the same directory keeps its topics and records. Without a data directory a
 * temporary one is used and deleted on {@link #close()}.
 */
public final class EmbeddedKafkaBroker implements Component {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String META_PROPERTIES = "meta.properties";

  private final String name;
  private final Path configuredDataDir;
  private final int configuredPort;
  private final int configuredControllerPort;
  private final Map<String, String> properties;

  private final Object lock = new Object();
  private KafkaRaftServer server;
  private Path dataDir;
  private boolean temporaryDataDir;
  private int port = -1;
  private boolean closed;

  private EmbeddedKafkaBroker(Builder builder) {
    this.name = builder.name;
    this.configuredDataDir = builder.dataDir;
    this.configuredPort = builder.port;
    this.configuredControllerPort = builder.controllerPort;
    this.properties = Map.copyOf(builder.properties);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** Formats the data directory if needed and starts the broker; returns once it is serving. */
  @Override
  public void start() throws Exception {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      if (server != null) {
        return;
      }
      long startNanos = System.nanoTime();
      temporaryDataDir = configuredDataDir == null;
      dataDir =
          temporaryDataDir
              ? DataDirectories.createTemporary("spanflow-kafka-")
              : Files.createDirectories(configuredDataDir).toAbsolutePath();
      int brokerPort = configuredPort == 0 ? LoopbackPorts.free() : configuredPort;
      int controllerPort =
          configuredControllerPort == 0 ? LoopbackPorts.free() : configuredControllerPort;
      Properties props = serverProperties(brokerPort, controllerPort);
      formatIfNew(props);
      KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
      try {
        raftServer.startup();
      } catch (RuntimeException e) {
        shutdownQuietly(raftServer);
        throw e;
      }
      server = raftServer;
      port = brokerPort;
      LOG.info(
          "{} serving on {} (data {}) after {} ms",
          name,
          bootstrapServers(),
          dataDir,
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis());
    }
  }

  /** Healthy while started and the listener accepts connections. */
  @Override
  public CheckResult check() {
    int current;
    synchronized (lock) {
      if (server == null) {
        return CheckResult.failed(closed ? name + " is closed" : name + " is not started");
      }
      current = port;
    }
    return LoopbackPorts.accepting(current, 1000)
        ? CheckResult.ok()
        : CheckResult.failed(
            name + " does not accept connections on " + LoopbackPorts.HOST + ":" + current);
  }

  /** {@code 127.0.0.1:port} of the PLAINTEXT listener; only valid after {@link #start()}. */
  public String bootstrapServers() {
    synchronized (lock) {
      if (port < 0) {
        throw new IllegalStateException(name + " has not been started");
      }
      return LoopbackPorts.HOST + ":" + port;
    }
  }

  /** The data directory in use (a temporary one if none was configured). */
  public Path dataDir() {
    synchronized (lock) {
      if (dataDir == null) {
        throw new IllegalStateException(name + " has not been started");
      }
      return dataDir;
    }
  }

  /** Stops the broker and waits for it; deletes a temporary data directory. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (server != null) {
        shutdownQuietly(server);
        server = null;
      }
      if (temporaryDataDir && dataDir != null) {
        try {
          DataDirectories.deleteRecursively(dataDir);
        } catch (IOException e) {
          LOG.warn("{}: could not delete {}", name, dataDir, e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker{name="
        + name
        + ", dataDir="
        + (configuredDataDir == null ? "<temporary>" : configuredDataDir)
        + ", port="
        + configuredPort
        + ", controllerPort="
        + configuredControllerPort
        + ", overrides="
        + properties
        + '}';
  }

  private Properties serverProperties(int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.put("node.id", "1");
    p.put("process.roles", "broker,controller");
    p.put("controller.quorum.voters", "1@" + LoopbackPorts.HOST + ":" + controllerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put(
        "listeners",
        "PLAINTEXT://"
            + LoopbackPorts.HOST
            + ":"
            + brokerPort
            + ",CONTROLLER://"
            + LoopbackPorts.HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + LoopbackPorts.HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toString());
    // One node: internal topics cannot have more than one replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    // Fewer internal partitions and threads: faster start, less memory, same behaviour.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.num.partitions", "5");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    // The log cleaner preallocates this on the heap; 128 MiB by default.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.putAll(properties);
    return p;
  }

  private void formatIfNew(Properties props) throws IOException {
    if (Files.exists(dataDir.resolve(META_PROPERTIES))) {
      LOG.debug("{}: {} already formatted", name, dataDir);
      return;
    }
    Path config = Files.createTempFile("spanflow-kafka-format-", ".properties");
    try {
      try (OutputStream out = Files.newOutputStream(config)) {
        props.store(out, "spanflow embedded broker: storage format");
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      int exit;
      try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
        exit =
            StorageTool.execute(
                new String[] {
                  "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()
                },
                print);
      }
      String text = output.toString(StandardCharsets.UTF_8).trim();
      if (exit != 0) {
        throw new IOException("formatting " + dataDir + " failed (exit " + exit + "): " + text);
      }
      LOG.debug("{}: {}", name, text);
    } finally {
      Files.deleteIfExists(config);
    }
  }

  private void shutdownQuietly(KafkaRaftServer raftServer) {
    try {
      raftServer.shutdown();
      raftServer.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("{}: error while shutting down", name, e);
    }
  }

  /** Configuration of an {@link EmbeddedKafkaBroker}. */
  public static final class Builder {
    private String name = "kafka-broker";
    private Path dataDir;
    private int port;
    private int controllerPort;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /** Component name used in logs and health reasons. Default {@code kafka-broker}. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Where the logs live. Default: a temporary directory removed on close. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** PLAINTEXT listener port on 127.0.0.1. Default 0: a free port. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** KRaft controller listener port on 127.0.0.1. Default 0: a free port. */
    public Builder controllerPort(int controllerPort) {
      this.controllerPort = checkPort(controllerPort);
      return this;
    }

    /** Whether producing to an unknown topic creates it. Default false: tests create topics. */
    public Builder autoCreateTopics(boolean enabled) {
      return property("auto.create.topics.enable", String.valueOf(enabled));
    }

    /** Any other broker property; wins over the defaults chosen here. */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public EmbeddedKafkaBroker build() {
      return new EmbeddedKafkaBroker(this);
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      return port;
    }
  }
}
