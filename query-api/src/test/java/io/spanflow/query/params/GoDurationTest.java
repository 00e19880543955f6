package io.spanflow.query.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "1ns, 1",
    "1.5ms, 1500000",
    "1500us, 1500000",
    "1500\u00b5s, 1500000",
    "2s, 2000000000",
    "1m30s, 90000000000",
    "2h45m, 9900000000000",
    "-300ms, -300000000",
    "+.5s, 500000000",
  })
  void parse(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @CsvSource({
    "fast, time: invalid duration \"fast\"",
    "10, time: missing unit in duration \"10\"",
    "10x, time: unknown unit \"x\" in duration \"10x\"",
    "'', time: invalid duration \"\"",
  })
  void parse_errorsAreGos(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "999, 999ns",
    "1500, 1.5\u00b5s",
    "800000, 800\u00b5s",
    "1500000, 1.5ms",
    "2000000000, 2s",
    "90000000000, 1m30s",
    "3600000000000, 1h0m0s",
    "-800000, -800\u00b5s",
    "1100000000, 1.1s",
  })
  void format_likeGo(long nanos, String text) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
  }
}
