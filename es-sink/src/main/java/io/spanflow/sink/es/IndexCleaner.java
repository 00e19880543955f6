package io.spanflow.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.indices.ResolveIndexResponse;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.sink.rollover.IndexInventory;
import io.spanflow.sink.rollover.RolloverNames;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention, as Jaeger's es-index-cleaner does it: deletes whole dated indices of every family
 * whose date is before {@code tomorrow's midnight - days} (UTC). {@code --days 0} removes
 * everything up to today; {@code --days 1} keeps today. No delete-by-query.
 *
 * <p>In rollover mode (Jaeger's {@code --rollover}) the indices are {@code <family>-000042}, with
 * no date in the name: those created before the cut-off are deleted, except each family's current
 * write index.
 */
public final class IndexCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(IndexCleaner.class);
  private static final int DELETE_CHUNK = 50;

  private final ElasticsearchClient client;
  private final String prefix;
  private final IndexDateLayout layout;
  private final Clock clock;
  private final boolean rollover;

  public IndexCleaner(
      ElasticsearchClient client, String prefix, IndexDateLayout layout, Clock clock) {
    this(client, prefix, layout, clock, false);
  }

  /**
   * @param rollover clean rollover indices ({@code --es.use-aliases}) instead of dated ones
   */
  public IndexCleaner(
      ElasticsearchClient client,
      String prefix,
      IndexDateLayout layout,
      Clock clock,
      boolean rollover) {
    this.rollover = rollover;
    this.client = Objects.requireNonNull(client, "client");
    this.prefix = prefix == null ? "" : prefix;
    this.layout = Objects.requireNonNull(layout, "layout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The indices that {@link #clean} would delete. */
  public List<String> expiredIndices(int days) throws IOException {
    if (days < 0) {
      throw new IllegalArgumentException("days must be >= 0: " + days);
    }
    Instant cutoff =
        clock
            .instant()
            .truncatedTo(ChronoUnit.DAYS)
            .plus(Duration.ofDays(1))
            .minus(Duration.ofDays(days));
    List<String> patterns = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      patterns.add(family.indexPattern(prefix));
    }
    if (rollover) {
      return expiredRolloverIndices(patterns, cutoff);
    }
    ResolveIndexResponse resolved =
        client.indices().resolveIndex(r -> r.name(patterns).expandWildcards(ExpandWildcard.All));
    List<String> expired = new ArrayList<>();
    for (var index : resolved.indices()) {
      String name = index.name();
      for (IndexFamily family : IndexFamily.values()) {
        Optional<Instant> date = IndexNames.dateOf(family, prefix, name, layout);
        if (date.isPresent() && date.get().isBefore(cutoff)) {
          expired.add(name);
          break;
        }
      }
    }
    expired.sort(null);
    return expired;
  }

  private List<String> expiredRolloverIndices(List<String> patterns, Instant cutoff)
      throws IOException {
    IndexInventory inventory = IndexInventory.read(client, patterns);
    List<String> expired = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      RolloverNames names = new RolloverNames(family, prefix);
      Optional<String> writeIndex = inventory.writeIndexOf(names.writeAlias());
      for (IndexInventory.Entry e : inventory.entries()) {
        if (names.isRolloverIndex(e.name())
            && e.created().isBefore(cutoff)
            && !writeIndex.map(e.name()::equals).orElse(false)) {
          expired.add(e.name());
        }
      }
    }
    expired.sort(null);
    return expired;
  }

  /** Deletes expired indices and returns their names. */
  public List<String> clean(int days) throws IOException {
    List<String> expired = expiredIndices(days);
    for (int i = 0; i < expired.size(); i += DELETE_CHUNK) {
      List<String> chunk = expired.subList(i, Math.min(expired.size(), i + DELETE_CHUNK));
      client.indices().delete(d -> d.index(chunk));
      LOG.info("deleted indices {}", chunk);
    }
    return expired;
  }
}
