package io.spanflow.sink.rollover;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.RolloverResponse;
import co.elastic.clients.elasticsearch.indices.rollover.RolloverConditions;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import io.spanflow.schemas.es.IndexFamily;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Jaeger's es-rollover actions for every {@link IndexFamily}, against one cluster and prefix.
 *
 * <ul>
 *   <li>{@link #init()}: creates {@code <family>-000001} with the write alias ({@code
 *       is_write_index}) and the read alias, unless the write alias already has a write index.
 *       Idempotent, and safe when several sinks run it at once.
 *   <li>{@link #rollover(String)}: {@code POST <family>-write/_rollover} with the given conditions;
 *       the new index joins the read alias and the write alias is left on the new index only, so
 *       "in the write alias" means "being written".
 *   <li>{@link #lookback(Instant)}: takes indices created before a cut-off out of the read alias
 *       (never the write index), so queries stop seeing them; the data stays until the cleaner
 *       deletes the index.
 * </ul>
 */
public final class AliasRollover {

  private final ElasticsearchClient client;
  private final String prefix;

  public AliasRollover(ElasticsearchClient client, String prefix) {
    this.client = Objects.requireNonNull(client, "client");
    this.prefix = prefix == null ? "" : prefix;
  }

  /**
   * Creates what is missing.
   *
   * @return one line per change made (empty when everything was in place)
   */
  public List<String> init() throws IOException {
    List<String> done = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      RolloverNames names = new RolloverNames(family, prefix);
      IndexInventory inventory = inventory(family);
      Optional<String> writeIndex = inventory.writeIndexOf(names.writeAlias());
      String target;
      if (writeIndex.isPresent()) {
        target = writeIndex.get();
      } else {
        if (!inventory.inAlias(names.writeAlias()).isEmpty()) {
          throw new IllegalStateException(
              "alias "
                  + names.writeAlias()
                  + " points to several indices and none is its write index; fix it by hand");
        }
        target = names.firstIndex();
        if (createIfMissing(target)) {
          done.add("created index " + target);
        }
        client
            .indices()
            .updateAliases(
                u ->
                    u.actions(
                        a ->
                            a.add(
                                x ->
                                    x.index(target).alias(names.writeAlias()).isWriteIndex(true))));
        done.add("alias " + names.writeAlias() + " -> " + target + " (write index)");
      }
      // The write index must be readable; the template adds the read alias to new indices, but
      // an index created before that (or by hand) may lack it.
      boolean readable =
          inventory(family).inAlias(names.readAlias()).stream()
              .anyMatch(e -> e.name().equals(target));
      if (!readable) {
        client
            .indices()
            .updateAliases(
                u -> u.actions(a -> a.add(x -> x.index(target).alias(names.readAlias()))));
        done.add("alias " + names.readAlias() + " -> " + target);
      }
    }
    return done;
  }

  /**
   * The write alias of every family, or why one is missing (the sink's start-up check when it may
   * not create anything).
   */
  public Optional<String> missingWriteAlias() throws IOException {
    for (IndexFamily family : IndexFamily.values()) {
      RolloverNames names = new RolloverNames(family, prefix);
      if (inventory(family).writeIndexOf(names.writeAlias()).isEmpty()) {
        return Optional.of(
            "write alias "
                + names.writeAlias()
                + " has no write index; run 'spanflow-es-sink rollover init'");
      }
    }
    return Optional.empty();
  }

  /**
   * Rolls every family's write alias over when {@code conditionsJson} is met (Jaeger's {@code
   * CONDITIONS}, e.g. {@code {"max_age":"1d"}}; null or {@code {}} rolls over unconditionally).
   *
   * @return one line per family saying what happened
   */
  public List<String> rollover(String conditionsJson) throws IOException {
    RolloverConditions conditions = parseConditions(conditionsJson);
    List<String> report = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      RolloverNames names = new RolloverNames(family, prefix);
      RolloverResponse response =
          client
              .indices()
              .rollover(
                  r -> {
                    r.alias(names.writeAlias());
                    if (conditions != null) {
                      r.conditions(conditions);
                    }
                    return r;
                  });
      if (!response.rolledOver()) {
        report.add(
            names.writeAlias()
                + ": not rolled over, "
                + response.oldIndex()
                + " stays (conditions "
                + response.conditions()
                + ")");
        continue;
      }
      String fresh = response.newIndex();
      List<Action> actions = new ArrayList<>();
      actions.add(Action.of(a -> a.add(x -> x.index(fresh).alias(names.readAlias()))));
      // ES keeps the old index in the write alias with is_write_index=false; take it out so the
      // write alias names only the index being written, as Jaeger's tools expect.
      for (IndexInventory.Entry e : inventory(family).inAlias(names.writeAlias())) {
        if (!e.name().equals(fresh)) {
          actions.add(Action.of(a -> a.remove(x -> x.index(e.name()).alias(names.writeAlias()))));
        }
      }
      client.indices().updateAliases(u -> u.actions(actions));
      report.add(names.writeAlias() + ": rolled over " + response.oldIndex() + " -> " + fresh);
    }
    return report;
  }

  /**
   * Removes from each read alias the indices created before {@code cutoff}, except the write index.
   *
   * @return the indices removed from a read alias
   */
  public List<String> lookback(Instant cutoff) throws IOException {
    List<String> removed = new ArrayList<>();
    for (IndexFamily family : IndexFamily.values()) {
      RolloverNames names = new RolloverNames(family, prefix);
      IndexInventory inventory = inventory(family);
      Optional<String> writeIndex = inventory.writeIndexOf(names.writeAlias());
      List<Action> actions = new ArrayList<>();
      for (IndexInventory.Entry e : inventory.inAlias(names.readAlias())) {
        if (e.created().isBefore(cutoff) && !writeIndex.map(e.name()::equals).orElse(false)) {
          actions.add(Action.of(a -> a.remove(x -> x.index(e.name()).alias(names.readAlias()))));
          removed.add(e.name());
        }
      }
      if (!actions.isEmpty()) {
        client.indices().updateAliases(u -> u.actions(actions));
      }
    }
    return removed;
  }

  static RolloverConditions parseConditions(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      RolloverConditions c = RolloverConditions.of(b -> b.withJson(new StringReader(json)));
      return isEmpty(c) ? null : c;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--conditions is not a rollover conditions object (e.g. {\"max_age\":\"1d\"}): " + json,
          e);
    }
  }

  private static boolean isEmpty(RolloverConditions c) {
    return c.maxAge() == null
        && c.maxDocs() == null
        && c.maxSize() == null
        && c.maxPrimaryShardSize() == null
        && c.maxPrimaryShardDocs() == null
        && c.minAge() == null
        && c.minDocs() == null
        && c.minSize() == null
        && c.minPrimaryShardSize() == null
        && c.minPrimaryShardDocs() == null;
  }

  private IndexInventory inventory(IndexFamily family) throws IOException {
    return IndexInventory.read(client, List.of(family.indexPattern(prefix)));
  }

  private boolean createIfMissing(String index) throws IOException {
    try {
      client.indices().create(c -> c.index(index));
      return true;
    } catch (ElasticsearchException e) {
      if ("resource_already_exists_exception".equals(e.error().type())) {
        return false; // another sink or an earlier run created it
      }
      throw e;
    }
  }
}
