package io.spanflow.schemas.es;

import com.google.protobuf.ByteString;
import io.spanflow.proto.jaeger.KeyValue;
import io.spanflow.proto.jaeger.ValueType;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Jaeger's ES key/value encoding: every value is a string, next to a lower-case type name.
 *
 * <p>Floats: Jaeger writes 10 significant digits ({@code FormatFloat(f, 'g', 10, 64)}), which loses
 * precision. We write the shortest string that parses back to the same double, in Go's {@code 'g'}
 * shape (plain for exponents -4..20, else {@code 1.5e+21}), so values with up to 10 significant
 * digits look exactly as Jaeger writes them and every value round-trips.
 */
public final class TagValues {

  private static final HexFormat HEX = HexFormat.of();

  private TagValues() {}

  static String typeName(ValueType type) {
    switch (type) {
      case STRING:
        return "string";
      case BOOL:
        return "bool";
      case INT64:
        return "int64";
      case FLOAT64:
        return "float64";
      case BINARY:
        return "binary";
      default:
        throw new IllegalArgumentException("unknown tag type " + type);
    }
  }

  static ValueType parseType(String name) {
    switch (name == null ? "string" : name) {
      case "string":
        return ValueType.STRING;
      case "bool":
        return ValueType.BOOL;
      case "int64":
        return ValueType.INT64;
      case "float64":
        return ValueType.FLOAT64;
      case "binary":
        return ValueType.BINARY;
      default:
        throw new IllegalArgumentException("not a valid tag type: " + name);
    }
  }

  static String valueAsString(KeyValue kv) {
    switch (kv.getVType()) {
      case STRING:
        return kv.getVStr();
      case BOOL:
        return kv.getVBool() ? "true" : "false";
      case INT64:
        return Long.toString(kv.getVInt64());
      case FLOAT64:
        return formatFloat(kv.getVFloat64());
      case BINARY:
        return HEX.formatHex(kv.getVBinary().toByteArray());
      default:
        throw new IllegalArgumentException("unknown tag type " + kv.getVType());
    }
  }

  /**
   * A tag read back from the ES layout, where every value is a string next to its type name (a
   * missing type is a string); the inverse of how {@link SpanDocumentMapper} writes it.
   */
  public static KeyValue parse(String key, String typeName, String value) {
    return parse(key, parseType(typeName), value);
  }

  static KeyValue parse(String key, ValueType type, String value) {
    KeyValue.Builder kv = KeyValue.newBuilder().setKey(key).setVType(type);
    switch (type) {
      case STRING:
        return kv.setVStr(value).build();
      case BOOL:
        return kv.setVBool(parseBool(value)).build();
      case INT64:
        return kv.setVInt64(Long.parseLong(value)).build();
      case FLOAT64:
        return kv.setVFloat64(parseFloat(value)).build();
      case BINARY:
        return kv.setVBinary(ByteString.copyFrom(HEX.parseHex(value))).build();
      default:
        throw new IllegalArgumentException("unknown tag type " + type);
    }
  }

  /** Go's strconv.ParseBool accepts these spellings. */
  private static boolean parseBool(String value) {
    switch (value) {
      case "1":
      case "t":
      case "T":
      case "true":
      case "TRUE":
      case "True":
        return true;
      case "0":
      case "f":
      case "F":
      case "false":
      case "FALSE":
      case "False":
        return false;
      default:
        throw new IllegalArgumentException("not a bool: " + value);
    }
  }

  static String formatFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return (1 / value) < 0 ? "-0" : "0";
    }
    // Double.toString gives the shortest digits that round-trip.
    BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    int exponent = decimal.precision() - decimal.scale() - 1;
    if (exponent >= -4 && exponent < 21) {
      return decimal.toPlainString();
    }
    String digits = decimal.unscaledValue().abs().toString();
    StringBuilder out = new StringBuilder();
    if (decimal.signum() < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    return out.append(abs).toString();
  }

  static double parseFloat(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(value);
    }
  }
}
