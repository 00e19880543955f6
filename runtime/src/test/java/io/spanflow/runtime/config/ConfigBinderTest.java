package io.spanflow.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.spanflow.runtime.admin.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ConfigBinderTest {

  /** Options shaped like a real component's. */
  static final class SinkOptions {
    @Option(
        names = "--es.server-urls",
        defaultValue = "http://127.0.0.1:9200",
        description = "Elasticsearch URLs.")
    String serverUrls;

    @Option(names = "--es.num-shards", defaultValue = "5", description = "Shards per index.")
    int numShards;

    @Option(
        names = "--reporter.grpc.host-port",
        split = ",",
        defaultValue = "127.0.0.1:14250",
        description = "Collectors to report to.")
    List<String> collectors = new ArrayList<>();

    @Option(
        names = "--es.bulk.flush-interval",
        defaultValue = "200ms",
        description = "How long to wait before flushing a bulk.")
    Duration flushInterval;

    @Option(names = "--es.create-index-templates", defaultValue = "true", description = "...")
    boolean createTemplates;

    @Mixin AdminOptions admin = new AdminOptions(14270);
  }

  @TempDir Path dir;

  private BindResult<SinkOptions> bind(Map<String, String> env, String... args) {
    return ConfigBinder.bind("spanflow-es-sink", new SinkOptions(), args, env);
  }

  private Path file(String yaml) throws IOException {
    Path path = dir.resolve("config.yaml");
    Files.writeString(path, yaml);
    return path;
  }

  @ParameterizedTest(name = "flag={0} env={1} file={2} -> {3}")
  @CsvSource({
    // flag,   env,   file,  expected
    "flag, env, file, flag",
    "flag, env,     , flag",
    "flag,    , file, flag",
    "flag,    ,     , flag",
    "    , env, file, env",
    "    , env,     , env",
    "    ,    , file, file",
    "    ,    ,     , http://127.0.0.1:9200",
  })
  void precedence_flagBeatsEnvBeatsFileBeatsDefault(
      String flag, String env, String fileValue, String expected) throws IOException {
    Map<String, String> environment = new HashMap<>();
    List<String> args = new ArrayList<>();
    if (flag != null) {
      args.add("--es.server-urls=" + flag);
    }
    if (env != null) {
      environment.put("ES_SERVER_URLS", env);
    }
    if (fileValue != null) {
      args.add("--config-file");
      args.add(file("es:\n  server-urls: " + fileValue + "\n").toString());
    }

    BindResult<SinkOptions> result = bind(environment, args.toArray(String[]::new));

    assertThat(result.shouldExit()).as(result.error()).isFalse();
    assertThat(result.options().serverUrls).isEqualTo(expected);
  }

  @Test
  void fileAcceptsNestedAndDottedKeys_andConvertsTypes() throws IOException {
    Path config =
        file(
            """
            es:
              num-shards: 3
              bulk.flush-interval: 1m30s
            es.server-urls: http://es:9200
            admin:
              http:
                host-port: 127.0.0.1:0
            """);

    SinkOptions options = bind(Map.of(), "--config-file=" + config).options();

    assertThat(options.numShards).isEqualTo(3);
    assertThat(options.flushInterval).isEqualTo(Duration.ofSeconds(90));
    assertThat(options.serverUrls).isEqualTo("http://es:9200");
    assertThat(options.admin.hostPort()).isEqualTo(new HostPort("127.0.0.1", 0));
  }

  @Test
  void configFileMayComeFromEnvironment() throws IOException {
    Path config = file("es.num-shards: 7\n");

    SinkOptions options = bind(Map.of("CONFIG_FILE", config.toString())).options();

    assertThat(options.numShards).isEqualTo(7);
  }

  @Test
  void defaults_applyWhenNothingIsSet() {
    SinkOptions options = bind(Map.of()).options();

    assertThat(options.numShards).isEqualTo(5);
    assertThat(options.collectors).containsExactly("127.0.0.1:14250");
    assertThat(options.flushInterval).isEqualTo(Duration.ofMillis(200));
    assertThat(options.createTemplates).isTrue();
    assertThat(options.admin.hostPort()).isEqualTo(new HostPort("", 14270));
  }

  @Test
  void listOption_splitsCommasFromFlagEnvAndFile() throws IOException {
    assertThat(bind(Map.of(), "--reporter.grpc.host-port=a:14250,b:14250").options().collectors)
        .containsExactly("a:14250", "b:14250");
    assertThat(bind(Map.of("REPORTER_GRPC_HOST_PORT", "c:1,d:2,e:3")).options().collectors)
        .containsExactly("c:1", "d:2", "e:3");
    Path config = file("reporter:\n  grpc:\n    host-port: [f:1, g:2]\n");
    assertThat(bind(Map.of(), "--config-file", config.toString()).options().collectors)
        .containsExactly("f:1", "g:2");
  }

  @Test
  void listOption_fromFlagReplacesListFromEnv() {
    BindResult<SinkOptions> result =
        bind(Map.of("REPORTER_GRPC_HOST_PORT", "env:1,env:2"), "--reporter.grpc.host-port=flag:1");

    assertThat(result.options().collectors).containsExactly("flag:1");
  }

  @Test
  void fileScalars_reachOptionsAsWritten() throws IOException {
    Path config = file("es.server-urls: 3.10\nes.num-shards: 010\n");

    SinkOptions options = bind(Map.of(), "--config-file", config.toString()).options();

    assertThat(options.serverUrls).isEqualTo("3.10");
    assertThat(options.numShards).isEqualTo(10);
  }

  @Test
  void fileWithDuplicateKey_exits2() throws IOException {
    Path config = file("es:\n  num-shards: 1\n  num-shards: 2\n");

    BindResult<SinkOptions> result = bind(Map.of(), "--config-file", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("num-shards");
  }

  @Test
  void fileSettingSameOptionNestedAndDotted_exits2() throws IOException {
    Path config = file("es:\n  num-shards: 1\nes.num-shards: 2\n");

    BindResult<SinkOptions> result = bind(Map.of(), "--config-file", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("'es.num-shards' twice");
  }

  @Test
  void emptyValueInFile_meansNotSet() throws IOException {
    Path config = file("es:\n  num-shards:\n");

    assertThat(bind(Map.of(), "--config-file", config.toString()).options().numShards).isEqualTo(5);
  }

  @Test
  void booleanOption_canBeTurnedOffByEnvAndFile() throws IOException {
    assertThat(bind(Map.of("ES_CREATE_INDEX_TEMPLATES", "false")).options().createTemplates)
        .isFalse();
    Path config = file("es.create-index-templates: false\n");
    assertThat(bind(Map.of(), "--config-file", config.toString()).options().createTemplates)
        .isFalse();
  }

  @Test
  void booleanOption_takesExplicitValueOnCommandLine() {
    assertThat(bind(Map.of(), "--es.create-index-templates=false").options().createTemplates)
        .isFalse();
    assertThat(bind(Map.of(), "--es.create-index-templates").options().createTemplates).isTrue();
  }

  @Test
  void unknownFlag_exits2AndNamesIt() {
    BindResult<SinkOptions> result = bind(Map.of(), "--es.server-url=http://x:9200");

    assertThat(result.shouldExit()).isTrue();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("--es.server-url=http://x:9200").contains("Unknown option");
  }

  @Test
  void unknownYamlKey_exits2AndNamesIt() throws IOException {
    Path config = file("es:\n  server-url: http://x:9200\n");

    BindResult<SinkOptions> result = bind(Map.of(), "--config-file", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error())
        .contains("es.server-url")
        .contains(config.toString())
        .contains("did you mean 'es.server-urls'");
  }

  @Test
  void missingConfigFile_exits2AndNamesIt() {
    BindResult<SinkOptions> result =
        bind(Map.of(), "--config-file", dir.resolve("nope.yaml").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("nope.yaml");
  }

  @Test
  void invalidIntFlag_exits2AndNamesOption() {
    BindResult<SinkOptions> result = bind(Map.of(), "--es.num-shards=many");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("--es.num-shards").contains("many");
  }

  @Test
  void invalidIntFromEnv_namesOptionAndVariable() {
    BindResult<SinkOptions> result = bind(Map.of("ES_NUM_SHARDS", "lots"));

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error())
        .contains("--es.num-shards")
        .contains("lots")
        .contains("environment variable ES_NUM_SHARDS");
  }

  @Test
  void invalidValueInFile_namesOptionAndFile() throws IOException {
    Path config = file("es.bulk.flush-interval: soon\n");

    BindResult<SinkOptions> result = bind(Map.of(), "--config-file", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error())
        .contains("--es.bulk.flush-interval")
        .contains("soon")
        .contains(config.toString());
  }

  @Test
  void invalidHostPort_namesOption() {
    BindResult<SinkOptions> result = bind(Map.of(), "--admin.http.host-port=localhost:http");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("--admin.http.host-port").contains("localhost:http");
  }

  @Test
  void help_listsEveryOptionWithItsDefault_andExits0() {
    BindResult<SinkOptions> result = bind(Map.of(), "--help");

    assertThat(result.shouldExit()).isTrue();
    assertThat(result.exitCode()).isZero();
    assertThat(result.output())
        .contains("Usage: spanflow-es-sink")
        .contains("--es.server-urls", "Default: http://127.0.0.1:9200")
        .contains("--es.num-shards", "Default: 5")
        .contains("--reporter.grpc.host-port", "Default: 127.0.0.1:14250")
        .contains("--es.bulk.flush-interval", "Default: 200ms")
        .contains("--admin.http.host-port", "Default: :14270")
        .contains("--config-file")
        .contains("ES_SERVER_URLS");
  }

  @Test
  void adminDefaultPortIsPerComponent() {
    final class AgentOptions {
      @Mixin AdminOptions admin = new AdminOptions(14271);
    }
    BindResult<AgentOptions> result =
        ConfigBinder.bind(
            "spanflow-edge-agent", new AgentOptions(), new String[] {"--help"}, Map.of());

    assertThat(result.output()).contains("Default: :14271");
  }

  @Test
  void logLevel_acceptsJaegerNames_andRejectsOthers() {
    final class WithLogging {
      @Mixin LoggingOptions logging = new LoggingOptions();
    }
    assertThat(
            ConfigBinder.bind("x", new WithLogging(), new String[] {"--log-level=warn"}, Map.of())
                .options()
                .logging
                .level())
        .isEqualTo(ch.qos.logback.classic.Level.WARN);
    BindResult<WithLogging> bad =
        ConfigBinder.bind("x", new WithLogging(), new String[] {}, Map.of("LOG_LEVEL", "loud"));
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.error()).contains("--log-level").contains("loud").contains("LOG_LEVEL");
  }

  @picocli.CommandLine.Command(
      mixinStandardHelpOptions = true,
      version = "custom 1.2.3",
      description = "Already annotated.")
  static final class AnnotatedOptions {
    @Option(names = "--query.base-path", defaultValue = "/", description = "Base path.")
    String basePath;
  }

  @Test
  void annotatedCommand_keepsItsOwnHelpAndVersion() {
    BindResult<AnnotatedOptions> help =
        ConfigBinder.bind("q", new AnnotatedOptions(), new String[] {"--help"}, Map.of());
    BindResult<AnnotatedOptions> version =
        ConfigBinder.bind("q", new AnnotatedOptions(), new String[] {"-V"}, Map.of());
    BindResult<AnnotatedOptions> bound =
        ConfigBinder.bind(
            "q", new AnnotatedOptions(), new String[] {}, Map.of("QUERY_BASE_PATH", "/jaeger"));

    assertThat(help.exitCode()).isZero();
    assertThat(help.output()).contains("Already annotated.").contains("Default: /");
    assertThat(version.output()).isEqualTo(String.format("custom 1.2.3%n"));
    assertThat(bound.options().basePath).isEqualTo("/jaeger");
  }

  static final class RequiredOptions {
    @Option(names = "--kafka.producer.brokers", required = true, description = "Brokers.")
    String brokers;
  }

  @Test
  void requiredOption_isSatisfiedByEnvOrFile_andNamedWhenMissing() throws IOException {
    Path config = file("kafka.producer.brokers: file:9092\n");

    BindResult<RequiredOptions> fromEnv =
        ConfigBinder.bind(
            "c",
            new RequiredOptions(),
            new String[] {},
            Map.of("KAFKA_PRODUCER_BROKERS", "env:9092"));
    BindResult<RequiredOptions> fromFile =
        ConfigBinder.bind(
            "c",
            new RequiredOptions(),
            new String[] {"--config-file", config.toString()},
            Map.of());
    BindResult<RequiredOptions> missing =
        ConfigBinder.bind("c", new RequiredOptions(), new String[] {}, Map.of());

    assertThat(fromEnv.options().brokers).isEqualTo("env:9092");
    assertThat(fromFile.options().brokers).isEqualTo("file:9092");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.error())
        .contains("Missing required option")
        .contains("--kafka.producer.brokers");
  }

  @Test
  void positionalArgument_isRejected() {
    BindResult<SinkOptions> result = bind(Map.of(), "stray");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.error()).contains("stray");
  }

  @Test
  void version_printsAndExits0() {
    BindResult<SinkOptions> result = bind(Map.of(), "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).startsWith("spanflow-es-sink ");
  }

  @Test
  void unrelatedEnvironmentVariables_areIgnored() {
    BindResult<SinkOptions> result =
        bind(Map.of("PATH", "/usr/bin", "HELP", "yes", "VERSION", "1.0", "ES_UNKNOWN", "x"));

    assertThat(result.shouldExit()).as(result.error()).isFalse();
  }

  @Test
  void envName_followsJaegerConvention() {
    assertThat(ConfigBinder.envName("--es.server-urls")).isEqualTo("ES_SERVER_URLS");
    assertThat(ConfigBinder.envName("--processor.jaeger-binary.server-queue-size"))
        .isEqualTo("PROCESSOR_JAEGER_BINARY_SERVER_QUEUE_SIZE");
  }
}
