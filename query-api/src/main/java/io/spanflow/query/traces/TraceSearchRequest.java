package io.spanflow.query.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.spanflow.query.http.BadParameterException;
import io.spanflow.query.http.QueryParams;
import io.spanflow.query.storage.SpanFacts;
import io.spanflow.query.storage.TraceQuery;
import io.spanflow.schemas.ids.TraceIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/traces} parameters parsed with Jaeger's rules: either repeated {@code traceID} or
 * a search ({@code service} required). Times are µs since the epoch; {@code end} defaults to now,
 * {@code start} to {@code end - lookback} (when {@code lookback} is a Go duration) or to now minus
 * the default lookback.
 */
public record TraceSearchRequest(TraceQuery query, List<ByteString> traceIds) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static TraceSearchRequest parse(QueryParams p, Clock clock, Duration defaultLookback) {
    Instant now = clock.instant();
    Instant end = p.has("end") && !p.first("end").isEmpty() ? micros(p, "end") : now;
    Instant start;
    if (!p.first("start").isEmpty()) {
      start = micros(p, "start");
    } else {
      Duration lookback = lookback(p);
      start = (lookback != null ? end : now).minus(lookback != null ? lookback : defaultLookback);
    }
    Map<String, String> tags = tags(p.all("tag"), p.all("tags"));
    int limit = TraceQuery.DEFAULT_LIMIT;
    if (!p.first("limit").isEmpty()) {
      long l = p.longValue("limit", TraceQuery.DEFAULT_LIMIT);
      if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
        throw BadParameterException.unparsable("limit", "value out of range");
      }
      limit = (int) l;
    }
    Duration minDuration = p.goDuration("minDuration");
    Duration maxDuration = p.goDuration("maxDuration");
    List<ByteString> traceIds = new ArrayList<>();
    for (String id : p.all("traceID")) {
      try {
        traceIds.add(TraceIds.fromHex(id));
      } catch (IllegalArgumentException e) {
        throw new BadParameterException("traceID", "cannot parse traceID param: " + e.getMessage());
      }
    }
    String service = p.first("service");
    if (traceIds.isEmpty() && service.isEmpty()) {
      throw new BadParameterException("service", "parameter 'service' is required");
    }
    if (minDuration != null
        && maxDuration != null
        && !minDuration.isZero()
        && !maxDuration.isZero()
        && maxDuration.compareTo(minDuration) < 0) {
      throw new BadParameterException(
          "maxDuration", "'maxDuration' should be greater than 'minDuration'");
    }
    TraceQuery query =
        TraceQuery.builder()
            .serviceName(service)
            .operationName(p.first("operation"))
            .tags(tags)
            .startTimeMin(start)
            .startTimeMax(end)
            .durationMin(zeroIsAbsent(minDuration))
            .durationMax(zeroIsAbsent(maxDuration))
            .limit(limit)
            .build();
    return new TraceSearchRequest(query, List.copyOf(traceIds));
  }

  private static Duration zeroIsAbsent(Duration d) {
    return d == null || d.isZero() ? null : d;
  }

  private static Instant micros(QueryParams p, String name) {
    return SpanFacts.instantOfMicros(p.longValue(name, 0));
  }

  /** The UI sends {@code lookback=1h} (or {@code custom} with explicit start/end). */
  private static Duration lookback(QueryParams p) {
    String v = p.first("lookback");
    if (v.isEmpty() || v.equals("custom")) {
      return null;
    }
    return p.goDuration("lookback");
  }

  static Map<String, String> tags(List<String> simpleTags, List<String> jsonTags) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String tag : simpleTags) {
      int colon = tag.indexOf(':');
      if (colon < 0) {
        throw new BadParameterException(
            "tag", "malformed 'tag' parameter, expecting key:value, received: " + tag);
      }
      out.put(tag.substring(0, colon), tag.substring(colon + 1));
    }
    for (String json : jsonTags) {
      JsonNode node;
      try {
        node = MAPPER.readTree(json);
      } catch (JsonProcessingException e) {
        throw new BadParameterException(
            "tags", "malformed 'tags' parameter, cannot unmarshal JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new BadParameterException(
            "tags", "malformed 'tags' parameter, cannot unmarshal JSON: expected an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new BadParameterException(
              "tags",
              "malformed 'tags' parameter, cannot unmarshal JSON: value of '"
                  + e.getKey()
                  + "' is not a string");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }
}
