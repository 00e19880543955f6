package io.spanflow.sink;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spanflow.runtime.Application;
import io.spanflow.runtime.admin.AdminServer;
import io.spanflow.runtime.config.ConfigBinder;
import io.spanflow.runtime.metrics.Metrics;
import io.spanflow.sink.config.CleanerOptions;
import io.spanflow.sink.config.EsSinkOptions;
import io.spanflow.sink.consume.EsSinkConsumer;
import io.spanflow.sink.es.EsClients;
import io.spanflow.sink.es.IndexCleaner;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** {@code spanflow-es-sink [options]} runs the sink; {@code spanflow-es-sink cleaner --days N}. */
public final class EsSinkMain {

  private EsSinkMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && "cleaner".equals(args[0])) {
      System.exit(clean(Arrays.copyOfRange(args, 1, args.length)));
    }
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
    Application.builder("spanflow-es-sink").admin(admin).component(sink).build().run();
  }

  static int clean(String[] args) throws Exception {
    CleanerOptions options =
        ConfigBinder.bind("spanflow-es-sink cleaner", new CleanerOptions(), args);
    ElasticsearchClient client = EsClients.create(options.es.connection());
    try {
      IndexCleaner cleaner =
          new IndexCleaner(
              client, options.es.indexPrefix(), options.es.dateLayout(), Clock.systemUTC());
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
}
