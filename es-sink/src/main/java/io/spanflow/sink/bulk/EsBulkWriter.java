package io.spanflow.sink.bulk;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sends one {@code _bulk} request of index actions, document bytes passed through untouched, and
 * says per item whether it was stored, may be retried, or was refused.
 */
public final class EsBulkWriter implements BulkWriter {

  private final ElasticsearchClient client;
  private final boolean requireAlias;

  public EsBulkWriter(ElasticsearchClient client) {
    this(client, false);
  }

  /**
   * @param requireAlias send {@code require_alias=true}: an item whose index is not an alias fails
   *     (and is retried) instead of auto-creating an index of that name
   */
  public EsBulkWriter(ElasticsearchClient client, boolean requireAlias) {
    this.client = Objects.requireNonNull(client, "client");
    this.requireAlias = requireAlias;
  }

  /**
   * @param actions {@link BulkAction.Kind#INDEX} actions only
   * @return one outcome per action, in order
   * @throws IOException or a runtime exception from the client when the request failed as a whole
   */
  @Override
  public List<ItemOutcome> write(List<BulkAction> actions) throws IOException {
    BulkRequest.Builder request = new BulkRequest.Builder();
    if (requireAlias) {
      request.requireAlias(true);
    }
    for (BulkAction action : actions) {
      BinaryData document = BinaryData.of(action.document(), ContentType.APPLICATION_JSON);
      request.operations(
          op -> op.index(i -> i.index(action.index()).id(action.id()).document(document)));
    }
    BulkResponse response = client.bulk(request.build());
    List<BulkResponseItem> items = response.items();
    if (items.size() != actions.size()) {
      throw new IOException(
          "bulk response has " + items.size() + " items for " + actions.size() + " actions");
    }
    List<ItemOutcome> outcomes = new ArrayList<>(actions.size());
    for (int i = 0; i < items.size(); i++) {
      BulkResponseItem item = items.get(i);
      String type = item.error() == null ? null : item.error().type();
      String reason = item.error() == null ? null : item.error().reason();
      outcomes.add(
          new ItemOutcome(
              actions.get(i),
              ItemOutcome.classify(item.status(), type),
              item.status(),
              type,
              reason));
    }
    return outcomes;
  }
}
