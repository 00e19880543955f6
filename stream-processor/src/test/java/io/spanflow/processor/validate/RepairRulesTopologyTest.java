package io.spanflow.processor.validate;

import static io.spanflow.processor.testing.TestSpans.span;
import static io.spanflow.processor.testing.TopologyHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import io.spanflow.processor.testing.TopologyHarness;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.Log;
import io.spanflow.proto.jaeger.Process;
import io.spanflow.proto.jaeger.Span;
import io.spanflow.proto.jaeger.ValueType;
import io.spanflow.schemas.es.SpanDocumentMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per repair rule of the README's table, read back from the indexed document. */
class RepairRulesTopologyTest {

  @TempDir Path stateDir;
  TopologyHarness h;

  @BeforeEach
  void start() {
    h = new TopologyHarness(stateDir, b -> b.maxTagValueLength(32));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void emptyServiceName_isReplacedAndWarned() {
    h.send(span(1, 1).start(T0).service("  ").build(), T0);
    Span out = indexedSpan();
    assertThat(out.getProcess().getServiceName()).isEqualTo(SpanValidator.UNKNOWN_SERVICE);
    assertThat(out.getWarningsList()).anyMatch(w -> w.contains("empty_service_name"));
    assertThat(
            h.metrics
                .registry()
                .find("spanflow.processor.repairs")
                .tag("rule", "empty_service_name")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void missingProcess_getsUnknownService() {
    h.send(span(1, 1).start(T0).builder().clearProcess().build(), T0);
    assertThat(indexedSpan().getProcess().getServiceName())
        .isEqualTo(SpanValidator.UNKNOWN_SERVICE);
  }

  @Test
  void invalidUtf8_isReplacedAndWarned() {
    // Build valid bytes, then corrupt the operation name "opX" into invalid UTF-8.
    Span s = span(1, 1).start(T0).operation("op\u0001").build();
    byte[] bytes = s.toByteArray();
    int at = indexOf(bytes, new byte[] {'o', 'p', 1});
    bytes[at + 2] = (byte) 0xC3; // a lone lead byte
    h.send(null, bytes, T0);

    Span out = indexedSpan();
    assertThat(out.getOperationName()).isEqualTo("op\uFFFD");
    assertThat(out.getWarningsList())
        .anyMatch(w -> w.contains("invalid_utf8") && w.contains("operation_name"));
  }

  @Test
  void invalidUtf8InATag_isRepairedInsideTheNestedMessage() {
    Span s = span(1, 1).start(T0).tag("k", "v\u0001").build();
    byte[] bytes = s.toByteArray();
    int at = indexOf(bytes, new byte[] {'v', 1});
    bytes[at + 1] = (byte) 0xFF;
    h.send(null, bytes, T0);

    Span out = indexedSpan();
    assertThat(out.getTagsList())
        .anyMatch(kv -> kv.getKey().equals("k") && kv.getVStr().equals("v\uFFFD"));
    assertThat(out.getWarningsList()).anyMatch(w -> w.contains("tags.v_str"));
  }

  @Test
  void negativeDuration_isZeroedAndWarned() {
    h.send(
        span(1, 1).start(T0).builder().setDuration(Duration.newBuilder().setSeconds(-3)).build(),
        T0);
    Span out = indexedSpan();
    assertThat(out.getDuration().getSeconds()).isZero();
    assertThat(out.getDuration().getNanos()).isZero();
    assertThat(out.getWarningsList()).anyMatch(w -> w.contains("negative_duration"));
  }

  @Test
  void startTimeFarFromRecordTime_isReplacedByRecordTime() {
    Instant absurd = T0.minus(400, ChronoUnit.DAYS);
    h.send(span(1, 1).start(absurd).build(), T0);
    Span out = indexedSpan();
    assertThat(out.getStartTime().getSeconds()).isEqualTo(T0.getEpochSecond());
    assertThat(out.getWarningsList()).anyMatch(w -> w.contains("start_time_skew"));
  }

  @Test
  void missingStartTime_isReplacedByRecordTime() {
    h.send(span(1, 1).build(), T0);
    assertThat(indexedSpan().getStartTime().getSeconds()).isEqualTo(T0.getEpochSecond());
  }

  @Test
  void startTimeWithinSkew_isKept() {
    Instant start = T0.minusSeconds(300);
    h.send(span(1, 1).start(start).build(), T0);
    Span out = indexedSpan();
    assertThat(out.getStartTime().getSeconds()).isEqualTo(start.getEpochSecond());
    assertThat(out.getWarningsList()).isEmpty();
  }

  @Test
  void oversizedTagValues_areTruncatedEverywhere() {
    String big = "x".repeat(100);
    Span s =
        span(1, 1)
            .start(T0)
            .tag("big", big)
            .builder()
            .setProcess(
                Process.newBuilder()
                    .setServiceName("svc")
                    .addTags(KeyValue.newBuilder().setKey("p").setVStr(big)))
            .addLogs(
                Log.newBuilder()
                    .setTimestamp(
                        com.google.protobuf.Timestamp.newBuilder().setSeconds(T0.getEpochSecond()))
                    .addFields(
                        KeyValue.newBuilder()
                            .setKey("bin")
                            .setVType(ValueType.BINARY)
                            .setVBinary(ByteString.copyFrom(new byte[100]))))
            .build();
    h.send(s, T0);
    Span out = indexedSpan();
    assertThat(out.getTags(0).getVStr()).hasSize(32);
    assertThat(out.getProcess().getTags(0).getVStr()).hasSize(32);
    assertThat(out.getLogs(0).getFields(0).getVBinary().size()).isEqualTo(32);
    assertThat(out.getWarningsList())
        .anyMatch(w -> w.contains("tag_value_too_long") && w.contains("3 tag value"));
  }

  @Test
  void truncation_neverSplitsASurrogatePair() {
    String value = "a".repeat(31) + "\uD83D\uDE00" + "zzz"; // emoji straddles the limit
    h.send(span(1, 1).start(T0).tag("emoji", value).build(), T0);
    assertThat(indexedSpan().getTags(0).getVStr()).isEqualTo("a".repeat(31));
  }

  @Test
  void cleanSpan_hasNoWarnings() {
    h.send(span(1, 1).start(T0).build(), T0);
    assertThat(indexedSpan().getWarningsList()).isEmpty();
  }

  private Span indexedSpan() {
    assertThat(h.dlq.isEmpty()).as("nothing dead-lettered").isTrue();
    return SpanDocumentMapper.fromDocumentBytes(h.indexed.readValue());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("needle not found");
  }
}
