package io.spanflow.collector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.collector.ingest.IngestException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void gzipBodiesAreDecoded() throws Exception {
    byte[] body = "[{\"id\":1}]".getBytes();
    assertThat(RequestBodies.read(new ByteArrayInputStream(gzip(body)), -1, "gzip", 1000))
        .isEqualTo(body);
  }

  @Test
  void declaredLengthOverTheLimitIsRefusedBeforeReading() {
    assertThatThrownBy(
            () -> RequestBodies.read(new ByteArrayInputStream(new byte[0]), 2000, null, 1000))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(413));
  }

  @Test
  void gzipBombIsRefusedAsTooLarge() throws Exception {
    byte[] bomb = gzip(new byte[10_000_000]);
    assertThat(bomb.length).isLessThan(100_000);
    assertThatThrownBy(
            () -> RequestBodies.read(new ByteArrayInputStream(bomb), -1, "gzip", 1_000_000))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(413));
  }

  @Test
  void brokenGzipIsABadRequest() {
    assertThatThrownBy(
            () ->
                RequestBodies.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), -1, "gzip", 100))
        .isInstanceOfSatisfying(
            IngestException.class, e -> assertThat(e.kind().httpStatus()).isEqualTo(400));
  }
}
