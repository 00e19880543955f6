package io.spanflow.collector.http;

import io.spanflow.collector.ingest.IngestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads a request body without ever holding more than the limit: a declared Content-Length over it
 * is refused before reading, a longer stream is cut off, and a compressed body is refused as soon
 * as its decompressed size passes the limit (so a gzip bomb costs nothing).
 */
public final class RequestBodies {
  private RequestBodies() {}

  /**
   * The body, decoded per {@code Content-Encoding} (identity, gzip, deflate), at most {@code
   * maxBytes} long both on the wire and decoded.
   *
   * @throws IngestException TOO_LARGE over the limit, BAD_REQUEST for an unknown or broken encoding
   */
  public static byte[] read(
      InputStream in, long contentLength, String contentEncoding, long maxBytes)
      throws IOException {
    if (contentLength > maxBytes) {
      throw IngestException.tooLarge(
          "request body of " + contentLength + " bytes is over the limit of " + maxBytes);
    }
    byte[] raw = readBounded(in, maxBytes, "request body");
    String encoding =
        contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    switch (encoding) {
      case "", "identity" -> {
        return raw;
      }
      case "gzip", "x-gzip" -> {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
          return readBounded(gz, maxBytes, "decompressed request body");
        } catch (ZipException | java.io.EOFException e) {
          throw IngestException.badRequest("request body is not valid gzip: " + e.getMessage());
        }
      }
      case "deflate" -> {
        try (InputStream df = new InflaterInputStream(new java.io.ByteArrayInputStream(raw))) {
          return readBounded(df, maxBytes, "decompressed request body");
        } catch (ZipException | java.io.EOFException e) {
          throw IngestException.badRequest("request body is not valid deflate: " + e.getMessage());
        }
      }
      default ->
          throw IngestException.badRequest(
              "unsupported Content-Encoding '" + contentEncoding + "' (use gzip or none)");
    }
  }

  private static byte[] readBounded(InputStream in, long maxBytes, String what) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > maxBytes) {
        throw IngestException.tooLarge(what + " is over the limit of " + maxBytes + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
