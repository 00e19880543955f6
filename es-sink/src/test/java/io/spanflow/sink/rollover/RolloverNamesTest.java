package io.spanflow.sink.rollover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spanflow.schemas.es.IndexFamily;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RolloverNamesTest {

  @Test
  void namesFollowJaegersRolloverLayout() {
    RolloverNames span = new RolloverNames(IndexFamily.SPAN, "prod");
    assertThat(span.writeAlias()).isEqualTo("prod-jaeger-span-write");
    assertThat(span.readAlias()).isEqualTo("prod-jaeger-span-read");
    assertThat(span.firstIndex()).isEqualTo("prod-jaeger-span-000001");
    assertThat(new RolloverNames(IndexFamily.SERVICE, "").firstIndex())
        .isEqualTo("jaeger-service-000001");
  }

  @Test
  void onlySequenceNumberedIndicesOfTheFamilyAreRolloverIndices() {
    RolloverNames span = new RolloverNames(IndexFamily.SPAN, "prod");
    assertThat(span.isRolloverIndex("prod-jaeger-span-000042")).isTrue();
    assertThat(span.isRolloverIndex("prod-jaeger-span-2026-11-21")).isFalse();
    assertThat(span.isRolloverIndex("prod-jaeger-service-000042")).isFalse();
    assertThat(span.isRolloverIndex("jaeger-span-000042")).isFalse();
    assertThat(span.isRolloverIndex("prod-jaeger-span-archive-000001")).isFalse();
  }

  @Test
  void lookbackCutoffsAreJaegers() {
    Instant now = Instant.parse("2026-11-21T15:42:10Z");
    assertThat(LookbackUnit.DAYS.cutoff(now, 1)).isEqualTo(Instant.parse("2026-11-21T00:00:00Z"));
    assertThat(LookbackUnit.DAYS.cutoff(now, 0)).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(LookbackUnit.WEEKS.cutoff(now, 1)).isEqualTo(Instant.parse("2026-11-15T00:00:00Z"));
    assertThat(LookbackUnit.HOURS.cutoff(now, 2)).isEqualTo(Instant.parse("2026-11-21T13:00:00Z"));
    assertThat(LookbackUnit.MINUTES.cutoff(now, 5))
        .isEqualTo(Instant.parse("2026-11-21T15:37:00Z"));
    assertThat(LookbackUnit.MONTHS.cutoff(now, 1)).isEqualTo(Instant.parse("2026-10-21T00:00:00Z"));
    assertThat(LookbackUnit.YEARS.cutoff(now, 1)).isEqualTo(Instant.parse("2025-11-21T00:00:00Z"));
  }

  @Test
  void conditionsAreParsedAsTheRolloverApiTakesThem() {
    assertThat(AliasRollover.parseConditions("{\"max_age\":\"1d\"}").maxAge().time())
        .isEqualTo("1d");
    assertThat(AliasRollover.parseConditions("{\"max_docs\":5}").maxDocs()).isEqualTo(5L);
    assertThat(AliasRollover.parseConditions("{}")).isNull();
    assertThat(AliasRollover.parseConditions(null)).isNull();
    assertThatThrownBy(() -> AliasRollover.parseConditions("max_age=1d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--conditions");
  }
}
