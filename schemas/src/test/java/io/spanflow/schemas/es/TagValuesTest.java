package io.spanflow.schemas.es;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TagValuesTest {

  @ParameterizedTest
  @CsvSource({
    "72.5, 72.5",
    "1.0, 1",
    "-3.0, -3",
    "100000000000000000000.0, 100000000000000000000",
    "1.0e21, 1e+21",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "123456789.125, 123456789.125"
  })
  void formatFloat_looksLikeGosG(double value, String expected) {
    assertThat(TagValues.formatFloat(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      doubles = {
        0.1,
        1 / 3.0,
        Double.MAX_VALUE,
        Double.MIN_VALUE,
        -0.0,
        0.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        6.02214076e23
      })
  void formatFloat_roundTrips(double value) {
    assertThat(Double.doubleToLongBits(TagValues.parseFloat(TagValues.formatFloat(value))))
        .isEqualTo(Double.doubleToLongBits(value));
  }
}
