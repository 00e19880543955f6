package io.spanflow.processor.validate;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers a dead-lettered record carries on top of its original ones. Values are UTF-8 text, so
 * {@code kcat -f '%h'} shows them as they are.
 */
public final class DlqHeaders {

  public static final String REASON = "spanflow.dlq.reason";
  public static final String DETAIL = "spanflow.dlq.detail";
  public static final String SOURCE_TOPIC = "spanflow.dlq.source.topic";
  public static final String SOURCE_PARTITION = "spanflow.dlq.source.partition";
  public static final String SOURCE_OFFSET = "spanflow.dlq.source.offset";

  private static final int MAX_DETAIL_LENGTH = 1024;

  private DlqHeaders() {}

  /** A copy of {@code original} with the DLQ headers appended. */
  public static Headers with(
      Headers original, DlqReason reason, String detail, String topic, int partition, long offset) {
    RecordHeaders h = new RecordHeaders();
    if (original != null) {
      original.forEach(h::add);
    }
    put(h, REASON, reason.label());
    if (detail != null && !detail.isEmpty()) {
      put(
          h,
          DETAIL,
          detail.length() > MAX_DETAIL_LENGTH ? detail.substring(0, MAX_DETAIL_LENGTH) : detail);
    }
    put(h, SOURCE_TOPIC, topic == null ? "" : topic);
    put(h, SOURCE_PARTITION, Integer.toString(partition));
    put(h, SOURCE_OFFSET, Long.toString(offset));
    return h;
  }

  /** For tests and consumers: a header's text, or null. */
  public static String text(Headers headers, String name) {
    var h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void put(RecordHeaders h, String name, String value) {
    h.remove(name);
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
