package io.spanflow.collector.http;

import java.util.Locale;

/** Content-Type handling shared by the HTTP protocols. */
public final class MediaTypes {
  private MediaTypes() {}

  /** The media type without parameters, lower case; empty when absent. */
  public static String essence(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    String type = semi >= 0 ? contentType.substring(0, semi) : contentType;
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
