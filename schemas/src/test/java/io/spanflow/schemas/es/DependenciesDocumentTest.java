package io.spanflow.schemas.es;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DependenciesDocumentTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void errorCount_roundTrips() {
    DependenciesDocument doc =
        DependenciesDocument.of(
            T, new DependenciesDocument.Link("frontend", "backend", 12, 3, "jaeger"));

    assertThat(doc.toJson().toString())
        .isEqualTo(
            "{\"timestamp\":\"2026-11-21T10:00:00Z\",\"dependencies\":[{\"parent\":\"frontend\","
                + "\"child\":\"backend\",\"callCount\":12,\"errorCount\":3,\"source\":\"jaeger\"}]}");
    assertThat(DependenciesDocument.fromJson(doc.toJson())).isEqualTo(doc);
  }

  @Test
  void jaegerDocumentWithoutErrorCount_readsAsNoErrors() throws Exception {
    DependenciesDocument doc =
        DependenciesDocument.fromJson(
            JSON.readTree(
                "{\"timestamp\":1763719200000,\"dependencies\":[{\"parent\":\"a\",\"child\":\"b\","
                    + "\"callCount\":7}]}"));

    assertThat(doc.dependencies())
        .containsExactly(new DependenciesDocument.Link("a", "b", 7, 0, ""));
  }
}
