package io.spanflow.schemas.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.schemas.fixtures.TestTraces;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutated packets either decode or throw {@link ThriftDecodeException}: never another exception, an
 * error, or a hang. A receiver thread relies on this.
 */
class ThriftDecoderFuzzTest {

  private static final int ROUNDS = 3_000;

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void mutatedPackets_onlyEverThrowThriftDecodeException(ThriftProtocol protocol) throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (var batch : TestTraces.toBatches(TestTraces.allTypesTrace())) {
      seeds.add(JaegerThriftEncoder.encodeEmitBatch(batch, protocol));
    }
    for (var batch : TestTraces.toBatches(TestTraces.twoServiceTrace())) {
      seeds.add(JaegerThriftEncoder.encodeEmitBatch(batch, protocol));
    }
    seeds.add(
        ZipkinThriftEncoding.emitZipkinBatch(ZipkinThriftDecoderTest.zipkinSpans(), protocol));
    Random random = new Random(20260115L);
    int decoded = 0;
    int rejected = 0;
    for (int round = 0; round < ROUNDS; round++) {
      byte[] seed = seeds.get(round % seeds.size());
      byte[] packet = mutate(seed, random);
      for (int decoder = 0; decoder < 2; decoder++) {
        try {
          if (decoder == 0) {
            JaegerThriftDecoder.decodeEmitBatchDetailed(packet, packet.length, protocol);
          } else {
            ZipkinThriftDecoder.decodeEmitZipkinBatchDetailed(packet, packet.length, protocol);
          }
          decoded++;
        } catch (ThriftDecodeException e) {
          assertThat(e.reason()).isNotBlank();
          rejected++;
        }
      }
    }
    assertThat(decoded + rejected).isEqualTo(2 * ROUNDS);
    assertThat(rejected).isPositive();
  }

  @ParameterizedTest
  @EnumSource(ThriftProtocol.class)
  void deeplyNestedUnknownField_isRejectedNotAStackOverflow(ThriftProtocol protocol) {
    // emitBatch header, then args field 2 (unknown) = struct nested 30,000 deep.
    byte[] header =
        JaegerThriftEncoder.encodeEmitBatch(
            TestTraces.toBatches(TestTraces.twoServiceTrace()).get(0), protocol);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int headerLength = protocol == ThriftProtocol.COMPACT ? 4 + 9 : 4 + 4 + 9 + 4;
    out.write(header, 0, headerLength);
    for (int i = 0; i < 30_000; i++) {
      if (protocol == ThriftProtocol.COMPACT) {
        out.write(0x1C); // field delta 1, type struct
      } else {
        out.write(12); // type struct
        out.write(0);
        out.write(2); // field id 2
      }
    }
    byte[] packet = out.toByteArray();
    assertThatThrownBy(() -> JaegerThriftDecoder.decodeEmitBatch(packet, packet.length, protocol))
        .isInstanceOf(ThriftDecodeException.class);
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] packet = seed.clone();
    switch (random.nextInt(4)) {
      case 0 -> { // flip a few bytes
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
          packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> { // truncate
        packet = java.util.Arrays.copyOf(packet, random.nextInt(packet.length));
      }
      case 2 -> { // large sizes: overwrite a byte with 0x7f/0xff runs
        int at = random.nextInt(packet.length);
        for (int i = at; i < Math.min(packet.length, at + 5); i++) {
          packet[i] = (byte) (random.nextBoolean() ? 0xff : 0x7f);
        }
      }
      default -> { // splice two halves of the packet
        int cut = random.nextInt(packet.length);
        byte[] spliced = new byte[packet.length];
        System.arraycopy(packet, cut, spliced, 0, packet.length - cut);
        System.arraycopy(packet, 0, spliced, packet.length - cut, cut);
        if (random.nextBoolean()) {
          System.arraycopy(packet, 0, spliced, 0, Math.min(4, packet.length)); // keep header
        }
        packet = spliced;
      }
    }
    return packet;
  }
}
