package io.spanflow.sink.rollover;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch.indices.Alias;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.elasticsearch.indices.get.Feature;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The indices matching some patterns, with their creation time and aliases, read in one {@code GET
 * <patterns>}. Rollover indices carry no date in their name, so age is the creation time, as in
 * Jaeger's es-rollover and es-index-cleaner.
 */
public final class IndexInventory {

  /** One index: its name, creation time and alias name → {@code is_write_index} (may be null). */
  public record Entry(String name, Instant created, Map<String, Boolean> aliases) {
    public boolean inAlias(String alias) {
      return aliases.containsKey(alias);
    }
  }

  private final List<Entry> entries;

  private IndexInventory(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads every index matching {@code patterns} (none is fine). */
  public static IndexInventory read(ElasticsearchClient client, List<String> patterns)
      throws IOException {
    Map<String, IndexState> result =
        client
            .indices()
            .get(
                g ->
                    g.index(patterns)
                        .features(Feature.Aliases, Feature.Settings)
                        .expandWildcards(ExpandWildcard.Open, ExpandWildcard.Closed)
                        .ignoreUnavailable(true)
                        .allowNoIndices(true))
            .result();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, IndexState> e : new TreeMap<>(result).entrySet()) {
      Map<String, Boolean> aliases = new TreeMap<>();
      for (Map.Entry<String, Alias> a : e.getValue().aliases().entrySet()) {
        aliases.put(a.getKey(), a.getValue().isWriteIndex());
      }
      entries.add(new Entry(e.getKey(), created(e.getValue()), aliases));
    }
    return new IndexInventory(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The indices an alias points to, oldest first. */
  public List<Entry> inAlias(String alias) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      if (e.inAlias(alias)) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(Entry::created).thenComparing(Entry::name));
    return out;
  }

  /**
   * Where writes to {@code alias} go: the member flagged {@code is_write_index}, else its only
   * member (Elasticsearch's rule); empty when the alias is missing or ambiguous.
   */
  public Optional<String> writeIndexOf(String alias) {
    List<Entry> members = inAlias(alias);
    for (Entry e : members) {
      if (Boolean.TRUE.equals(e.aliases().get(alias))) {
        return Optional.of(e.name());
      }
    }
    return members.size() == 1 && members.get(0).aliases().get(alias) == null
        ? Optional.of(members.get(0).name())
        : Optional.empty();
  }

  private static Instant created(IndexState state) {
    IndexSettings s = state.settings();
    Long millis = null;
    if (s != null) {
      millis = s.creationDate();
      if (millis == null && s.index() != null) {
        millis = s.index().creationDate();
      }
    }
    // Unknown creation time: treat the index as new, so nothing is removed on a guess.
    return millis == null ? Instant.MAX : Instant.ofEpochMilli(millis);
  }
}
