package io.spanflow.sink.es;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.indices.ResolveIndexResponse;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
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
 */
public final class IndexCleaner {

  private static final Logger LOG = LoggerFactory.getLogger(IndexCleaner.class);
  private static final int DELETE_CHUNK = 50;

  private final ElasticsearchClient client;
  private final String prefix;
  private final IndexDateLayout layout;
  private final Clock clock;

  public IndexCleaner(
      ElasticsearchClient client, String prefix, IndexDateLayout layout, Clock clock) {
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
