package io.spanflow.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.sink.config.CleanerOptions;
import io.spanflow.sink.config.EsSinkOptions;
import io.spanflow.sink.config.RolloverOptions;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.sink.es.EsClients;
import io.spanflow.sink.es.IndexCleaner;
import io.spanflow.sink.es.TemplateInstaller;
import io.spanflow.sink.rollover.AliasRollover;
import io.spanflow.sink.rollover.LookbackUnit;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * {@code spanflow-es-sink [options]} runs the sink; {@code spanflow-es-sink cleaner --days N} and
 * {@code spanflow-es-sink rollover init|rollover|lookback} are one-shot commands for cron jobs.
 */
public final class EsSinkMain {

  private EsSinkMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "cleaner".equals(args[0])) {
      System.exit(clean(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (args.length > 0 && "rollover".equals(args[0])) {
      System.exit(rollover(Arrays.copyOfRange(args, 1, args.length)));
    }
    application(args, true).run();
  }

  /**
   * The sink bound from flags, not started. The all-in-one runs it inside its own application,
   * without a shutdown hook of its own.
   */
  public static Application application(String[] args, boolean installShutdownHook) {
    EsSinkOptions options = ConfigBinder.bind("spanflow-es-sink", new EsSinkOptions(), args);
    PrometheusMeterRegistry registry = Metrics.newPrometheusRegistry();
    ElasticsearchClient client = EsClients.create(options.es.connection());
    EsSinkConsumer sink =
        EsSinkConsumer.builder()
            .bootstrapServers(options.brokers())
            .groupId(options.groupId())
            .topics(options.topics())
            .client(client)
            .templates(options.templates())
            .installTemplates(options.createTemplates())
            .dateLayout(options.es.dateLayout())
            .bulk(options.bulk())
            .registry(registry)
            .build();
    AdminServer admin =
        AdminServer.builder().hostPort(options.admin.hostPort()).registry(registry).build();
    return Application.builder("spanflow-es-sink")
        .admin(admin)
        .component(sink)
        .installShutdownHook(installShutdownHook)
        .build();
  }

  static int clean(String[] args) throws Exception {
    CleanerOptions options =
        ConfigBinder.bind("spanflow-es-sink cleaner", new CleanerOptions(), args);
    ElasticsearchClient client = EsClients.create(options.es.connection());
    try {
      IndexCleaner cleaner =
          new IndexCleaner(
              client,
              options.es.indexPrefix(),
              options.es.dateLayout(),
              Clock.systemUTC(),
              options.rollover());
      List<String> indices =
          options.dryRun() ? cleaner.expiredIndices(options.days()) : cleaner.clean(options.days());
      System.out.println(
          (options.dryRun() ? "would delete " : "deleted ") + indices.size() + " indices");
      indices.forEach(System.out::println);
      return 0;
    } finally {
      client._transport().close();
    }
  }

  static int rollover(String[] args) throws Exception {
    RolloverOptions options =
        ConfigBinder.bind("spanflow-es-sink rollover", new RolloverOptions(), args);
    LookbackUnit unit;
    try {
      unit = options.unit();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return ConfigBinder.USAGE_EXIT_CODE;
    }
    ElasticsearchClient client = EsClients.create(options.es.connection());
    try {
      AliasRollover aliases = new AliasRollover(client, options.es.indexPrefix());
      List<String> report;
      switch (options.action()) {
        case init:
          new TemplateInstaller(client, options.templates()).install();
          report = aliases.init();
          if (report.isEmpty()) {
            report = List.of("aliases already in place");
          }
          break;
        case rollover:
          report = aliases.rollover(options.conditions());
          break;
        case lookback:
          report = aliases.lookback(unit.cutoff(Clock.systemUTC().instant(), options.unitCount()));
          System.out.println("removed " + report.size() + " indices from the read aliases");
          break;
        default:
          throw new AssertionError(options.action());
      }
      report.forEach(System.out::println);
      return 0;
    } finally {
      client._transport().close();
    }
  }
}
