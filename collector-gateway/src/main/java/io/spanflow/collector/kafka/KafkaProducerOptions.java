package io.spanflow.collector.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/**
 * Kafka producer flags with Jaeger's names ({@code --kafka.producer.*}), turned into Kafka client
 * settings by {@link #producerConfig()}. Jaeger's TLS options take PEM files, which the Kafka
 * client accepts as PEM key and trust stores.
 */
public final class KafkaProducerOptions {
  @Option(
      names = "--kafka.producer.brokers",
      split = ",",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka brokers, comma-separated host:port. Default: ${DEFAULT-VALUE}.")
  List<String> brokers;

  @Option(
      names = "--kafka.producer.topic",
      defaultValue = "jaeger-spans",
      description = "Topic spans are written to. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--kafka.producer.dead-letter-topic",
      defaultValue = "spanflow.spans.dlq",
      description =
          "Topic rejected input is written to, with its reason. Default: ${DEFAULT-VALUE}.")
  String deadLetterTopic;

  @Option(
      names = "--kafka.producer.compression",
      defaultValue = "zstd",
      description = "none, gzip, snappy, lz4 or zstd. Default: ${DEFAULT-VALUE}.")
  String compression;

  @Option(
      names = "--kafka.producer.compression-level",
      defaultValue = "0",
      description = "Compression level; 0 keeps the codec's default. Default: ${DEFAULT-VALUE}.")
  int compressionLevel;

  @Option(
      names = "--kafka.producer.batch-linger",
      defaultValue = "5ms",
      description = "How long to wait to fill a batch. Default: ${DEFAULT-VALUE}.")
  Duration batchLinger;

  @Option(
      names = "--kafka.producer.batch-size",
      defaultValue = "262144",
      description = "Bytes per batch and partition, at most. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--kafka.producer.max-message-bytes",
      defaultValue = "1000000",
      description = "Largest request to the broker, in bytes. Default: ${DEFAULT-VALUE}.")
  int maxMessageBytes;

  @Option(
      names = "--kafka.producer.delivery-timeout",
      defaultValue = "30s",
      description =
          "How long the producer retries a span before the request fails with 503."
              + " Default: ${DEFAULT-VALUE}.")
  Duration deliveryTimeout;

  @Option(
      names = "--kafka.producer.authentication",
      defaultValue = "none",
      description = "none, tls or plaintext (SASL). Default: ${DEFAULT-VALUE}.")
  String authentication;

  @Option(
      names = "--kafka.producer.plaintext.username",
      defaultValue = "",
      description = "SASL username.")
  String username;

  @Option(
      names = "--kafka.producer.plaintext.password",
      defaultValue = "",
      description = "SASL password.")
  String password;

  @Option(
      names = "--kafka.producer.plaintext.mechanism",
      defaultValue = "PLAIN",
      description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512. Default: ${DEFAULT-VALUE}.")
  String mechanism;

  @Option(
      names = "--kafka.producer.tls.enabled",
      defaultValue = "false",
      description = "Use TLS to the brokers (also with plaintext SASL). Default: ${DEFAULT-VALUE}.")
  boolean tlsEnabled;

  @Option(
      names = "--kafka.producer.tls.ca",
      defaultValue = "",
      description = "PEM file of CA certificates to trust.")
  String tlsCa;

  @Option(
      names = "--kafka.producer.tls.cert",
      defaultValue = "",
      description = "PEM client certificate (chain) for mutual TLS.")
  String tlsCert;

  @Option(
      names = "--kafka.producer.tls.key",
      defaultValue = "",
      description = "PEM private key (PKCS#8) of the client certificate.")
  String tlsKey;

  @Option(
      names = "--kafka.producer.tls.skip-host-verify",
      defaultValue = "false",
      description = "Do not check the broker's host name. Default: ${DEFAULT-VALUE}.")
  boolean tlsSkipHostVerify;

  public String topic() {
    return topic;
  }

  public String deadLetterTopic() {
    return deadLetterTopic;
  }

  /**
   * Kafka client settings. acks=all and idempotence are set by {@link SpanPublisher} itself and
   * cannot be turned off here.
   *
   * @throws IllegalArgumentException naming the option when a value is unusable
   */
  public Map<String, Object> producerConfig() {
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", brokers));
    String codec = compression.toLowerCase(Locale.ROOT);
    if (!List.of("none", "gzip", "snappy", "lz4", "zstd").contains(codec)) {
      throw new IllegalArgumentException(
          "--kafka.producer.compression: '"
              + compression
              + "' is not none, gzip, snappy, lz4 or zstd");
    }
    c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    if (compressionLevel != 0 && !codec.equals("none") && !codec.equals("snappy")) {
      c.put("compression." + codec + ".level", compressionLevel);
    }
    c.put(ProducerConfig.LINGER_MS_CONFIG, (int) batchLinger.toMillis());
    if (batchSize <= 0) {
      throw new IllegalArgumentException("--kafka.producer.batch-size must be positive");
    }
    c.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
    // Kafka requires delivery.timeout >= linger + request.timeout.
    long delivery = deliveryTimeout.toMillis();
    long request = Math.max(1000, Math.min(30_000, (delivery - batchLinger.toMillis()) / 2));
    if (delivery < request + batchLinger.toMillis()) {
      throw new IllegalArgumentException(
          "--kafka.producer.delivery-timeout must be at least 2s plus --kafka.producer.batch-linger");
    }
    c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) request);
    c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
    // A request thread never waits long for metadata; the reachability probe answers 503 sooner.
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    security(c);
    return c;
  }

  private void security(Map<String, Object> c) {
    String auth = authentication.toLowerCase(Locale.ROOT);
    boolean tls = tlsEnabled || auth.equals("tls");
    switch (auth) {
      case "none", "tls" -> c.put("security.protocol", tls ? "SSL" : "PLAINTEXT");
      case "plaintext" -> {
        c.put("security.protocol", tls ? "SASL_SSL" : "SASL_PLAINTEXT");
        String mech = mechanism.toUpperCase(Locale.ROOT);
        String module =
            switch (mech) {
              case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
              case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
                  "org.apache.kafka.common.security.scram.ScramLoginModule";
              default ->
                  throw new IllegalArgumentException(
                      "--kafka.producer.plaintext.mechanism: '"
                          + mechanism
                          + "' is not PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
            };
        c.put("sasl.mechanism", mech);
        c.put(
            "sasl.jaas.config",
            module
                + " required username=\""
                + jaasEscape(username)
                + "\" password=\""
                + jaasEscape(password)
                + "\";");
      }
      default ->
          throw new IllegalArgumentException(
              "--kafka.producer.authentication: '"
                  + authentication
                  + "' is not none, tls or plaintext (kerberos is not supported)");
    }
    if (tls) {
      if (!tlsCa.isEmpty()) {
        c.put("ssl.truststore.type", "PEM");
        c.put("ssl.truststore.certificates", readPem(tlsCa, "--kafka.producer.tls.ca"));
      }
      if (!tlsCert.isEmpty() || !tlsKey.isEmpty()) {
        if (tlsCert.isEmpty() || tlsKey.isEmpty()) {
          throw new IllegalArgumentException(
              "--kafka.producer.tls.cert and --kafka.producer.tls.key go together");
        }
        c.put("ssl.keystore.type", "PEM");
        c.put("ssl.keystore.certificate.chain", readPem(tlsCert, "--kafka.producer.tls.cert"));
        c.put("ssl.keystore.key", readPem(tlsKey, "--kafka.producer.tls.key"));
      }
      if (tlsSkipHostVerify) {
        c.put("ssl.endpoint.identification.algorithm", "");
      }
    }
  }

  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static String readPem(String file, String option) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e, e);
    }
  }
}
