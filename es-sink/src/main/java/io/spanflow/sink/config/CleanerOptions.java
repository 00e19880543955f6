package io.spanflow.sink.config;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of {@code spanflow-es-sink cleaner}, like Jaeger's es-index-cleaner. */
@Command(
    name = "spanflow-es-sink cleaner",
    mixinStandardHelpOptions = true,
    description = "Deletes whole dated indices older than --days (retention). No delete-by-query.")
public final class CleanerOptions {

  @Mixin public EsOptions es = new EsOptions();

  @Option(
      names = "--days",
      required = true,
      description = "Keep this many days: indices dated before tomorrow minus N days are deleted.")
  int days;

  @Option(
      names = "--dry-run",
      defaultValue = "false",
      description = "List what would be deleted, delete nothing.")
  boolean dryRun;

  @Option(
      names = {"--rollover", "--es.use-aliases"},
      defaultValue = "false",
      description =
          "Rollover mode: delete '<family>-NNNNNN' indices created more than --days ago, except"
              + " the write index (Jaeger's es-index-cleaner --rollover).")
  boolean rollover;

  public int days() {
    return days;
  }

  public boolean rollover() {
    return rollover;
  }

  public boolean dryRun() {
    return dryRun;
  }
}
