package io.spanflow.sink.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanflow.schemas.es.DependenciesDocument;
import io.spanflow.schemas.es.IndexDateLayout;
import io.spanflow.schemas.es.IndexFamily;
import io.spanflow.schemas.es.IndexNames;
import io.spanflow.schemas.es.IndexedSpanRecords;
import io.spanflow.schemas.es.ServiceOperationDocument;
import io.spanflow.schemas.es.SpanMetricsDocument;
import io.spanflow.sink.bulk.BulkAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a record of a derived topic into a {@link BulkAction}.
 *
 * <ul>
 *   <li>Index: the {@value IndexedSpanRecords#INDEX_HEADER} header (an index name without prefix,
 *       which must belong to the topic's family) with {@code --es.index-prefix} prepended; without
 *       the header, the family's index for the record's timestamp. In rollover mode, the family's
 *       write alias.
 *   <li>{@code spanflow.spans.indexed}: key = {@code _id}, value = the document, passed through
 *       byte for byte (only a value with raw line breaks is re-serialized, as {@code _bulk} is
 *       line-delimited).
 *   <li>{@code spanflow.service-operations} {@code {serviceName, operationName, spanKind, ...}} →
 *       {@link ServiceOperationDocument}; {@code spanflow.dependency-links} {@code {parent, child,
 *       callCount, errorCount, source, timestamp, ...}} → a one-link {@link DependenciesDocument};
 *       {@code spanflow.span-metrics} → {@link SpanMetricsDocument}. Their ids come from the value,
 *       so an update of the same bucket overwrites.
 *   <li>A null value (compaction tombstone) is skipped; a record without key, with unreadable JSON
 *       or a foreign index header is rejected (dead-lettered).
 * </ul>
 */
public final class RecordMapper {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, IndexFamily> families;
  private final String prefix;
  private final IndexDateLayout layout;
  private final boolean useAliases;

  public RecordMapper(
      SinkTopics topics, String prefix, IndexDateLayout layout, boolean useAliases) {
    this.families = topics.inputs();
    this.prefix = prefix == null ? "" : prefix;
    this.layout = Objects.requireNonNull(layout, "layout");
    this.useAliases = useAliases;
  }

  public BulkAction map(ConsumerRecord<byte[], byte[]> record, int epoch) {
    IndexFamily family = families.get(record.topic());
    if (family == null) {
      return BulkAction.reject(record, null, epoch, "unknown_topic");
    }
    if (record.value() == null) {
      return BulkAction.skip(record, epoch);
    }
    try {
      switch (family) {
        case SPAN:
          return span(record, epoch);
        case SERVICE:
          {
            ServiceOperationDocument doc = ServiceOperationDocument.fromJson(tree(record));
            return action(record, epoch, family, doc.documentId(), doc.toJson());
          }
        case DEPENDENCIES:
          {
            JsonNode v = tree(record);
            DependenciesDocument doc =
                DependenciesDocument.of(
                    timestamp(v, record),
                    new DependenciesDocument.Link(
                        text(v, "parent"),
                        text(v, "child"),
                        v.path("callCount").asLong(),
                        v.path("errorCount").asLong(0),
                        v.path("source").asText("")));
            return action(record, epoch, family, doc.documentId(), doc.toJson());
          }
        case SPAN_METRICS:
          {
            SpanMetricsDocument doc = SpanMetricsDocument.fromJson(tree(record));
            return action(record, epoch, family, doc.documentId(), doc.toJson());
          }
        default:
          return BulkAction.reject(record, family, epoch, "unknown_topic");
      }
    } catch (Rejected e) {
      return BulkAction.reject(record, family, epoch, e.getMessage());
    } catch (IOException | RuntimeException e) {
      return BulkAction.reject(record, family, epoch, "invalid_json");
    }
  }

  private BulkAction span(ConsumerRecord<byte[], byte[]> record, int epoch) throws IOException {
    if (record.key() == null || record.key().length == 0) {
      throw new Rejected("missing_key");
    }
    byte[] document = record.value();
    if (containsLineBreak(document)) {
      document = JSON.writeValueAsBytes(JSON.readTree(document));
    }
    String id = new String(record.key(), StandardCharsets.UTF_8);
    return BulkAction.index(
        index(record, IndexFamily.SPAN, null), id, document, IndexFamily.SPAN, record, epoch);
  }

  private BulkAction action(
      ConsumerRecord<byte[], byte[]> record, int epoch, IndexFamily family, String id, JsonNode doc)
      throws IOException {
    String index = index(record, family, doc);
    return BulkAction.index(index, id, JSON.writeValueAsBytes(doc), family, record, epoch);
  }

  private String index(ConsumerRecord<byte[], byte[]> record, IndexFamily family, JsonNode doc) {
    if (useAliases) {
      return IndexNames.writeAlias(family, prefix);
    }
    Header header = record.headers().lastHeader(IndexedSpanRecords.INDEX_HEADER);
    if (header != null && header.value() != null) {
      String name = new String(header.value(), StandardCharsets.UTF_8);
      Optional<IndexFamily> named = IndexFamily.ofIndex("", name);
      if (named.isEmpty() || named.get() != family || !validIndexName(name)) {
        throw new Rejected("bad_index_header");
      }
      return IndexNames.normalizePrefix(prefix) + name;
    }
    Instant time = Instant.ofEpochMilli(record.timestamp());
    if (doc != null && doc.path("timestamp").isNumber()) {
      time = Instant.ofEpochMilli(doc.path("timestamp").asLong());
    }
    return IndexNames.index(family, prefix, time, layout);
  }

  private static boolean validIndexName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/'
          || c == '\\'
          || c == '*'
          || c == '?'
          || c == '"'
          || c == '<'
          || c == '>'
          || c == '|'
          || c == ' '
          || c == ','
          || c == '#'
          || c == ':'
          || Character.isUpperCase(c)) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  private static JsonNode tree(ConsumerRecord<byte[], byte[]> record) throws IOException {
    JsonNode node = JSON.readTree(record.value());
    if (node == null || !node.isObject()) {
      throw new Rejected("invalid_json");
    }
    return node;
  }

  private static Instant timestamp(JsonNode v, ConsumerRecord<byte[], byte[]> record) {
    JsonNode ts = v.path("timestamp");
    return ts.isNumber()
        ? Instant.ofEpochMilli(ts.asLong())
        : Instant.ofEpochMilli(record.timestamp());
  }

  private static String text(JsonNode v, String field) {
    JsonNode n = v.get(field);
    if (n == null || !n.isTextual()) {
      throw new Rejected("missing_" + field);
    }
    return n.textValue();
  }

  private static boolean containsLineBreak(byte[] bytes) {
    for (byte b : bytes) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  /** A record the sink cannot index; the message is the dead-letter reason. */
  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }
}
