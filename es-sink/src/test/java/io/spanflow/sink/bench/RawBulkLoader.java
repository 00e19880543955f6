package io.spanflow.sink.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import io.spanflow.sink.es.EsClients;
import io.spanflow.sink.es.EsConnection;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The raw side of the benchmark, run as its own JVM: reads the benchmark topic into memory (not
 * timed), then sends exactly those document bytes with the sink's client ({@link EsClients}) in
 * bulks of the same size and with the same concurrency ({@code workers} requests in flight, each
 * over its own partitions), and prints one {@code RESULT} line.
 *
 * <p>Args: bootstrap topic esUrl index actions workers expectedDocs.
 */
public final class RawBulkLoader {

  private RawBulkLoader() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    String esUrl = args[2];
    String index = args[3];
    int actions = Integer.parseInt(args[4]);
    int workers = Integer.parseInt(args[5]);
    int expected = Integer.parseInt(args[6]);

    List<List<ConsumerRecord<byte[], byte[]>>> perWorker = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      perWorker.add(new ArrayList<>());
    }
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      int n = 0;
      while (n < expected) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          perWorker.get(Math.floorMod(r.partition(), workers)).add(r);
          n++;
        }
      }
    }
    // Requests built up front: what is timed is what the sink also pays per bulk (serializing the
    // request, HTTP, Elasticsearch), not reading Kafka.
    List<List<BulkRequest>> requests = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> records : perWorker) {
      List<BulkRequest> mine = new ArrayList<>();
      for (int from = 0; from < records.size(); from += actions) {
        BulkRequest.Builder b = new BulkRequest.Builder();
        for (ConsumerRecord<byte[], byte[]> r :
            records.subList(from, Math.min(records.size(), from + actions))) {
          String id = new String(r.key(), StandardCharsets.UTF_8);
          BinaryData doc = BinaryData.of(r.value(), ContentType.APPLICATION_JSON);
          b.operations(op -> op.index(x -> x.index(index).id(id).document(doc)));
        }
        mine.add(b.build());
      }
      requests.add(mine);
    }

    ElasticsearchClient client = EsClients.create(EsConnection.of(esUrl));
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicLong firstDoneNanos = new AtomicLong();
    AtomicLong firstDocs = new AtomicLong();
    AtomicLong cpuAtFirst = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    System.out.println("SENDING");
    System.out.flush();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (List<BulkRequest> mine : requests) {
      futures.add(
          pool.submit(
              () -> {
                for (BulkRequest request : mine) {
                  long t = System.nanoTime();
                  BulkResponse response = client.bulk(request);
                  long done = System.nanoTime();
                  latencies.add(done - t);
                  if (response.errors()) {
                    throw new IllegalStateException("raw bulk had item errors");
                  }
                  if (firstDoneNanos.compareAndSet(0, done)) {
                    firstDocs.set(response.items().size());
                    cpuAtFirst.set(os.getProcessCpuTime());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    long end = System.nanoTime();
    long cpuEnd = os.getProcessCpuTime();
    pool.shutdown();
    client._transport().close();

    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    double seconds = (end - firstDoneNanos.get()) / 1e9;
    System.out.printf(
        "RESULT docs=%d timed_docs=%d seconds=%.3f total_seconds=%.3f cpu_seconds=%.3f"
            + " p50_ms=%.1f p99_ms=%.1f bulks=%d%n",
        expected,
        expected - firstDocs.get(),
        seconds,
        (end - start) / 1e9,
        (cpuEnd - cpuAtFirst.get()) / 1e9,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        sorted.length);
    System.out.flush();
    System.exit(0);
  }

  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
