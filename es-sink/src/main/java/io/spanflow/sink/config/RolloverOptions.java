package io.spanflow.sink.config;

import io.spanflow.schemas.es.IndexTemplates;
import io.spanflow.sink.rollover.LookbackUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Options of {@code spanflow-es-sink rollover init|rollover|lookback}, Jaeger's es-rollover with
 * its flag names; each action ignores the options of the others.
 */
@Command(
    name = "spanflow-es-sink rollover",
    mixinStandardHelpOptions = true,
    description = {
      "Manages rollover indices and aliases (--es.use-aliases mode), like Jaeger's es-rollover,"
          + " for every family (jaeger-span, jaeger-service, jaeger-dependencies,"
          + " spanflow-span-metrics):",
      "  init      installs the templates, creates <family>-000001 with the write alias"
          + " <family>-write (is_write_index) and the read alias <family>-read; idempotent.",
      "  rollover  rolls each write alias over to a new index when --conditions are met and adds"
          + " the new index to the read alias.",
      "  lookback  removes indices created before now minus --unit-count --unit from the read"
          + " alias (never the write index)."
    })
public final class RolloverOptions {

  /** The three actions. */
  public enum Action {
    init,
    rollover,
    lookback
  }

  @Parameters(index = "0", description = "init, rollover or lookback.")
  Action action;

  @Mixin public EsOptions es = new EsOptions();

  @Option(
      names = "--conditions",
      defaultValue = "{\"max_age\":\"1d\"}",
      description =
          "rollover: conditions of the rollover API, as JSON. Default: ${DEFAULT-VALUE}."
              + " '{}' rolls over unconditionally.")
  String conditions;

  @Option(
      names = "--unit",
      defaultValue = "days",
      description =
          "lookback: unit of --unit-count, one of seconds, minutes, hours, days, weeks, months,"
              + " years. Default: ${DEFAULT-VALUE}.")
  String unit;

  @Option(
      names = "--unit-count",
      defaultValue = "1",
      description = "lookback: how many units the read alias covers. Default: ${DEFAULT-VALUE}.")
  int unitCount;

  @Option(
      names = "--es.num-shards",
      defaultValue = "5",
      description = "init: shards per index (in the templates). Default: ${DEFAULT-VALUE}.")
  int numShards;

  @Option(
      names = "--es.num-replicas",
      defaultValue = "1",
      description = "init: replicas per index (in the templates). Default: ${DEFAULT-VALUE}.")
  int numReplicas;

  public Action action() {
    return action;
  }

  public String conditions() {
    return conditions;
  }

  public LookbackUnit unit() {
    try {
      return LookbackUnit.valueOf(unit.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--unit must be one of seconds, minutes, hours, days,"
              + " weeks, months, years: "
              + unit);
    }
  }

  public int unitCount() {
    return unitCount;
  }

  /** Templates as init installs them: with the read alias. */
  public IndexTemplates.Options templates() {
    return new IndexTemplates.Options(es.indexPrefix(), numShards, numReplicas, 0, true);
  }
}
