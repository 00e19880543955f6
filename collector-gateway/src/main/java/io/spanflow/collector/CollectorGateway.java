package io.spanflow.collector;

import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import io.spanflow.collector.grpc.GrpcIngestServer;
import io.spanflow.collector.grpc.JaegerCollectorGrpcService;
import io.spanflow.collector.http.IngestHttpServer;
import io.spanflow.collector.ingest.SpanIntake;
import io.spanflow.collector.kafka.SpanPublisher;
import io.spanflow.collector.metrics.CollectorMetrics;
import io.spanflow.collector.otlp.OtlpGrpcService;
import io.spanflow.collector.otlp.OtlpHttpHandler;
import io.spanflow.collector.sampling.SamplingGrpcService;
import io.spanflow.collector.sampling.SamplingHttpHandler;
import io.spanflow.collector.sampling.SamplingStrategyStore;
import io.spanflow.collector.thrifthttp.JaegerThriftHttpHandler;
import io.spanflow.collector.zipkin.ZipkinHttpHandler;
import io.spanflow.runtime.admin.HostPort;
import io.spanflow.runtime.lifecycle.Component;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the collector's components from its options, in start order: the sampling store and the
 * Kafka publisher first, then the listeners (closed first on shutdown, so they stop accepting and
 * drain before the producer flushes). Nothing starts here.
 */
public final class CollectorGateway {
  private final SamplingStrategyStore strategies;
  private final SpanPublisher publisher;
  private final GrpcIngestServer jaegerGrpc;
  private final IngestHttpServer jaegerHttp;
  private final IngestHttpServer zipkinHttp;
  private final GrpcIngestServer otlpGrpc;
  private final IngestHttpServer otlpHttp;

  private CollectorGateway(CollectorGatewayOptions o, MeterRegistry registry) {
    CollectorMetrics metrics = new CollectorMetrics(registry);
    strategies = new SamplingStrategyStore(o.strategiesFile, o.strategiesReloadInterval, registry);
    publisher =
        SpanPublisher.builder()
            .producerConfig(o.kafka.producerConfig())
            .topic(o.kafka.topic())
            .deadLetterTopic(o.kafka.deadLetterTopic())
            .maxSpanBytes(o.maxSpanBytes)
            .maxInFlightSpans(o.maxInFlightSpans)
            .maxInFlightBytes(o.maxInFlightMiB * 1024 * 1024)
            .maxBacklog(o.maxBacklog, o.backlogGroup, Duration.ofSeconds(2))
            .metrics(metrics)
            .build();
    SpanIntake intake = new SpanIntake(publisher, metrics);

    jaegerGrpc =
        GrpcIngestServer.builder("jaeger-grpc")
            .listen(o.grpcHostPort.host(), o.grpcHostPort.port())
            .maxMessageBytes(o.grpcMaxMessageBytes)
            .drainTimeout(o.drainTimeout)
            .service(new JaegerCollectorGrpcService(intake))
            .service(new SamplingGrpcService(strategies))
            .build();

    JaegerThriftHttpHandler thrift = new JaegerThriftHttpHandler(intake, o.httpMaxBodyBytes);
    jaegerHttp =
        http("jaeger-http", o.httpHostPort, o)
            .route(HandlerType.POST, "/api/traces", IngestHttpServer.async(thrift::postTraces))
            .route(HandlerType.GET, "/api/sampling", new SamplingHttpHandler(strategies))
            .build();

    ZipkinHttpHandler zipkin = new ZipkinHttpHandler(intake, o.httpMaxBodyBytes);
    zipkinHttp =
        http("zipkin-http", o.zipkinHostPort, o)
            .route(HandlerType.POST, "/api/v2/spans", IngestHttpServer.async(zipkin::postV2))
            .route(HandlerType.POST, "/api/v1/spans", IngestHttpServer.async(zipkin::postV1))
            .build();

    if (o.otlpEnabled) {
      otlpGrpc =
          GrpcIngestServer.builder("otlp-grpc")
              .listen(o.otlpGrpcHostPort.host(), o.otlpGrpcHostPort.port())
              .maxMessageBytes(o.grpcMaxMessageBytes)
              .drainTimeout(o.drainTimeout)
              .service(new OtlpGrpcService(intake))
              .build();
      OtlpHttpHandler otlp = new OtlpHttpHandler(intake, o.httpMaxBodyBytes);
      otlpHttp =
          http("otlp-http", o.otlpHttpHostPort, o)
              .route(HandlerType.POST, "/v1/traces", IngestHttpServer.async(otlp::postTraces))
              .build();
    } else {
      otlpGrpc = null;
      otlpHttp = null;
    }
  }

  private static IngestHttpServer.Builder http(
      String name, HostPort hostPort, CollectorGatewayOptions o) {
    return IngestHttpServer.builder(name)
        .listen(hostPort.host(), hostPort.port())
        .maxRequestBytes(o.httpMaxBodyBytes)
        .drainTimeout(o.drainTimeout);
  }

  /** Builds (does not start) every component for these options, metrics in {@code registry}. */
  public static CollectorGateway build(CollectorGatewayOptions options, MeterRegistry registry) {
    return new CollectorGateway(options, registry);
  }

  /** In start order; close in reverse. */
  public List<Component> components() {
    List<Component> all = new ArrayList<>();
    all.add(strategies);
    all.add(publisher);
    all.add(jaegerGrpc);
    all.add(jaegerHttp);
    all.add(zipkinHttp);
    if (otlpGrpc != null) {
      all.add(otlpGrpc);
      all.add(otlpHttp);
    }
    return all;
  }

  public SpanPublisher publisher() {
    return publisher;
  }

  public SamplingStrategyStore strategies() {
    return strategies;
  }

  public int jaegerGrpcPort() {
    return jaegerGrpc.port();
  }

  public int jaegerHttpPort() {
    return jaegerHttp.port();
  }

  public int zipkinPort() {
    return zipkinHttp.port();
  }

  public int otlpGrpcPort() {
    return otlpGrpc.port();
  }

  public int otlpHttpPort() {
    return otlpHttp.port();
  }
}
