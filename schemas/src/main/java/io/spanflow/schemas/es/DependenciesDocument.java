package io.spanflow.schemas.es;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code jaeger-dependencies-*} document as Jaeger's dependency store reads it: {@code
 * {"timestamp":"2026-11-21T13:00:00Z","dependencies":[{"parent","child","callCount","source"}]}},
 * plus Spanflow's {@code errorCount} per link (calls whose span was an error), which Jaeger's
 * reader ignores and which reads as 0 from documents written without it.
 *
 * <p>Jaeger's Spark job writes one document per day holding every link; Spanflow's streaming linker
 * writes one document per link and time bucket (id {@link DocumentIds#dependencyLinkId}), so a
 * newer count for the same bucket overwrites the older. A reader sums {@code callCount} over every
 * link of every document in the queried range, which gives the same answer for both.
 */
public record DependenciesDocument(Instant timestamp, List<Link> dependencies) {

  public static final String TIMESTAMP = "timestamp";
  public static final String DEPENDENCIES = "dependencies";

  /**
   * A call edge between two services; {@code source} is {@code jaeger} or {@code otel}-style;
   * {@code errorCount} counts the calls among {@code callCount} that failed.
   */
  public record Link(String parent, String child, long callCount, long errorCount, String source) {
    public Link {
      Objects.requireNonNull(parent, "parent");
      Objects.requireNonNull(child, "child");
      source = source == null ? "" : source;
    }

    /** A link without error information, as Jaeger writes it. */
    public Link(String parent, String child, long callCount, String source) {
      this(parent, child, callCount, 0, source);
    }
  }

  public DependenciesDocument {
    Objects.requireNonNull(timestamp, "timestamp");
    dependencies = List.copyOf(dependencies);
  }

  /** A single-link document, the shape the sink writes from {@code spanflow.dependency-links}. */
  public static DependenciesDocument of(Instant bucketStart, Link link) {
    return new DependenciesDocument(bucketStart, List.of(link));
  }

  /** Id of a single-link document; see {@link DocumentIds#dependencyLinkId}. */
  public String documentId() {
    Link first = dependencies.isEmpty() ? new Link("", "", 0, "") : dependencies.get(0);
    return DocumentIds.dependencyLinkId(timestamp, first.parent, first.child, first.source);
  }

  public ObjectNode toJson() {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    // RFC 3339 as Go's time.Time marshals; the template also accepts epoch_millis.
    doc.put(TIMESTAMP, timestamp.toString());
    ArrayNode links = doc.putArray(DEPENDENCIES);
    for (Link link : dependencies) {
      ObjectNode l =
          links
              .addObject()
              .put("parent", link.parent)
              .put("child", link.child)
              .put("callCount", link.callCount)
              .put("errorCount", link.errorCount);
      if (!link.source.isEmpty()) {
        l.put("source", link.source);
      }
    }
    return doc;
  }

  public static DependenciesDocument fromJson(JsonNode doc) {
    JsonNode ts = doc.path(TIMESTAMP);
    Instant timestamp =
        ts.isNumber() ? Instant.ofEpochMilli(ts.longValue()) : Instant.parse(ts.asText());
    List<Link> links = new ArrayList<>();
    for (JsonNode l : doc.path(DEPENDENCIES)) {
      links.add(
          new Link(
              l.path("parent").asText(""),
              l.path("child").asText(""),
              l.path("callCount").asLong(0),
              l.path("errorCount").asLong(0),
              l.path("source").asText("")));
    }
    return new DependenciesDocument(timestamp, links);
  }
}
