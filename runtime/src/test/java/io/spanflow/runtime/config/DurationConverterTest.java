package io.spanflow.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

  @Test
  void parsesGoAndIsoSyntax() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationConverter.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(DurationConverter.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsGarbage() {
    assertThatThrownBy(() -> DurationConverter.parse("5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationConverter.parse("5s garbage"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationConverter.parse(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
