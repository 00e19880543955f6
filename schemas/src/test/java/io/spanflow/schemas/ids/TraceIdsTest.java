package io.spanflow.schemas.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class TraceIdsTest {

  @Test
  void traceId_isBigEndianHighThenLow() {
    ByteString id = TraceIds.traceId(0x0102030405060708L, 0x090a0b0c0d0e0f10L);
    assertThat(id.toByteArray())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    assertThat(TraceIds.high(id)).isEqualTo(0x0102030405060708L);
    assertThat(TraceIds.low(id)).isEqualTo(0x090a0b0c0d0e0f10L);
  }

  @Test
  void toHex_uses16CharsWhenHighBitsAreZero() {
    assertThat(TraceIds.toHex(TraceIds.traceId(0, 0xabcL))).isEqualTo("0000000000000abc");
    assertThat(TraceIds.toHex(TraceIds.traceId(1, 0xabcL)))
        .isEqualTo("00000000000000010000000000000abc");
    assertThat(TraceIds.toHex(TraceIds.traceId(-1L, -1L))).isEqualTo("f".repeat(32));
  }

  @Test
  void fromHex_leftPadsAndAcceptsUpperCase() {
    assertThat(TraceIds.fromHex("ABC")).isEqualTo(TraceIds.traceId(0, 0xabcL));
    assertThat(TraceIds.fromHex("1" + "0".repeat(14) + "2"))
        .isEqualTo(TraceIds.traceId(0, 0x1000000000000002L));
    assertThat(TraceIds.fromHex("10000000000000002")).isEqualTo(TraceIds.traceId(1, 2));
    ByteString id = TraceIds.traceId(0x1234L, 0xfedcba9876543210L);
    assertThat(TraceIds.fromHex(TraceIds.toHex(id))).isEqualTo(id);
  }

  @Test
  void fromHex_rejectsEmptyTooLongAndNonHex() {
    assertThatThrownBy(() -> TraceIds.fromHex("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceIds.fromHex("0".repeat(33)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceIds.fromHex("xyz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceIds.fromHex(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TraceIds.fromHex("+1")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void spanIds_roundTripAs16Chars() {
    assertThat(TraceIds.spanIdToHex(TraceIds.spanId(0x1fL))).isEqualTo("000000000000001f");
    assertThat(TraceIds.spanIdFromHex("1F")).isEqualTo(TraceIds.spanId(0x1f));
    assertThat(TraceIds.spanId(-2L).size()).isEqualTo(8);
    assertThatThrownBy(() -> TraceIds.spanIdFromHex("0".repeat(17)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
