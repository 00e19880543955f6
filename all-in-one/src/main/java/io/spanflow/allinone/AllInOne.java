package io.spanflow.allinone;

import io.spanflow.agent.EdgeAgentMain;
import io.spanflow.collector.CollectorGatewayMain;
import io.spanflow.embedded.elasticsearch.ElasticsearchNode;
import io.spanflow.embedded.kafka.EmbeddedKafkaBroker;
import io.spanflow.processor.StreamProcessorMain;
import io.spanflow.query.QueryApiMain;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.lifecycle.CheckResult;
import io.spanflow.runtime.lifecycle.Component;
import io.spanflow.sink.EsSinkMain;
import io.spanflow.tracegen.demo.ShopDemo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of Spanflow in one process. Start order follows the data flow backwards from the
 * storage, so that nothing accepts spans before there is somewhere to put them; close runs in
 * reverse, so the agent drains into the collector, the collector into Kafka, and so on.
 */
public final class AllInOne {
  private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

  /** Spans the stream processor may fall behind before the collector answers 429. */
  static final long COLLECTOR_MAX_BACKLOG = 500_000;

  /** The component names, in start order; keys of {@link Builder#componentArgs}. */
  public static final List<String> COMPONENTS =
      List.of("stream-processor", "es-sink", "query-api", "collector-gateway", "edge-agent");

  private final Application application;
  private final EmbeddedKafkaBroker broker;
  private final ElasticsearchNode elasticsearch;

  private AllInOne(Builder builder) {
    Path data = builder.dataDir.toAbsolutePath();
    broker =
        EmbeddedKafkaBroker.builder()
            .name("kafka")
            .dataDir(data.resolve("kafka"))
            .port(builder.kafkaPort)
            .build();
    elasticsearch =
        ElasticsearchNode.builder()
            .name("elasticsearch")
            .dir(data.resolve("elasticsearch"))
            .httpPort(builder.esPort)
            .heap(builder.esHeap)
            // Our application closes it after the sink has flushed; its own hook would not wait.
            .stopOnJvmExit(false)
            .build();
    Map<String, Function<String[], Application>> factories =
        Map.of(
            "stream-processor", args -> StreamProcessorMain.application(args, false),
            "es-sink", args -> EsSinkMain.application(args, false),
            "query-api", args -> QueryApiMain.application(args, false),
            "collector-gateway", args -> CollectorGatewayMain.application(args, false),
            "edge-agent", args -> EdgeAgentMain.application(args, false));

    Application.Builder app =
        Application.builder("spanflow-all-in-one")
            .installShutdownHook(builder.installShutdownHook)
            .component(broker)
            .component(elasticsearch)
            .component(new SpanflowTopics(broker::bootstrapServers, builder.partitions));
    for (String component : COMPONENTS) {
      app.component(
          new DeferredApplication(
              component,
              () ->
                  factories
                      .get(component)
                      .apply(argsFor(component, data, builder.componentArgs.get(component)))));
    }
    app.component(new ReadyBanner(this));
    if (builder.demoRate > 0) {
      // Last to start, first to stop on SIGTERM: no demo traffic while the pipeline drains.
      app.component(ShopDemo.builder().requestsPerSecond(builder.demoRate).build());
    }
    application = app.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Flags that connect a component to the embedded broker and Elasticsearch, then the caller's. */
  private String[] argsFor(String component, Path data, List<String> extra) {
    List<String> args = new ArrayList<>();
    String kafka = broker.bootstrapServers();
    String es = elasticsearch.httpUrl();
    switch (component) {
      case "stream-processor" -> {
        args.add("--kafka.consumer.brokers=" + kafka);
        args.add("--processor.state-dir=" + data.resolve("streams"));
      }
      case "es-sink" -> {
        args.add("--kafka.consumer.brokers=" + kafka);
        args.add("--es.server-urls=" + es);
      }
      case "query-api" -> args.add("--es.server-urls=" + es);
      case "collector-gateway" -> {
        args.add("--kafka.producer.brokers=" + kafka);
        // One laptop's disk and 2 cores: past about two minutes of backlog, tell clients to slow
        // down (429 / RESOURCE_EXHAUSTED) rather than let the time to screen grow without bound.
        args.add("--collector.max-backlog=" + COLLECTOR_MAX_BACKLOG);
      }
      case "edge-agent" -> {
        // Only default the collector address; a test may point the agent elsewhere.
        if (extra.stream().noneMatch(a -> a.startsWith("--reporter.grpc.host-port"))) {
          args.add("--reporter.grpc.host-port=127.0.0.1:14250");
        }
      }
      default -> throw new IllegalStateException("unknown component " + component);
    }
    args.addAll(extra);
    return args.toArray(String[]::new);
  }

  public Application application() {
    return application;
  }

  public String kafkaBootstrapServers() {
    return broker.bootstrapServers();
  }

  public String elasticsearchUrl() {
    return elasticsearch.httpUrl();
  }

  /** Runs until SIGTERM or Ctrl-C. */
  public void run() {
    application.run();
  }

  /** Prints where everything listens once all components are up. */
  private static final class ReadyBanner implements Component {
    private final AllInOne allInOne;

    ReadyBanner(AllInOne allInOne) {
      this.allInOne = allInOne;
    }

    @Override
    public String name() {
      return "banner";
    }

    @Override
    public void start() {
      log.info(
          """

          Spanflow is ready.
            UI and query API   http://localhost:16686
            Agent (UDP)        6831 jaeger compact, 6832 jaeger binary, 5775 zipkin compact; \
          sampling http://localhost:5778
            Collector          gRPC 14250, HTTP thrift 14268, Zipkin 9411, OTLP 4317/4318
            Admin (health, /metrics)  agent 14271, collector 14269, es-sink 14270, \
          processor 14272, query 16687
            Kafka              {}
            Elasticsearch      {}
          Stop with Ctrl-C.""",
          allInOne.kafkaBootstrapServers(),
          allInOne.elasticsearchUrl());
    }

    @Override
    public CheckResult check() {
      return CheckResult.ok();
    }

    @Override
    public void close() {}
  }

  /** Builds an {@link AllInOne}; tests use free ports (0) and extra component flags. */
  public static final class Builder {
    private Path dataDir = Path.of("data");
    private int kafkaPort = 9092;
    private int esPort = 9200;
    private String esHeap = "512m";
    private int partitions = 4;
    private boolean installShutdownHook = true;
    private double demoRate;
    private final Map<String, List<String>> componentArgs = new HashMap<>();

    private Builder() {
      COMPONENTS.forEach(c -> componentArgs.put(c, new ArrayList<>()));
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    public Builder esPort(int port) {
      this.esPort = port;
      return this;
    }

    public Builder esHeap(String heap) {
      this.esHeap = Objects.requireNonNull(heap, "esHeap");
      return this;
    }

    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    public Builder installShutdownHook(boolean install) {
      this.installShutdownHook = install;
      return this;
    }

    /**
     * Runs the demo shop at this many requests per second once everything is up, against the
     * standard ports; 0 (the default): no demo.
     */
    public Builder demo(double requestsPerSecond) {
      if (requestsPerSecond < 0) {
        throw new IllegalArgumentException("demo rate must not be negative: " + requestsPerSecond);
      }
      this.demoRate = requestsPerSecond;
      return this;
    }

    /** Extra flags for one component, applied after the ones that wire it to the others. */
    public Builder componentArgs(String component, String... args) {
      List<String> list = componentArgs.get(component);
      if (list == null) {
        throw new IllegalArgumentException(
            "unknown component " + component + "; known: " + COMPONENTS);
      }
      list.addAll(List.of(args));
      return this;
    }

    public AllInOne build() {
      return new AllInOne(this);
    }
  }
}
