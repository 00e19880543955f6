package io.spanflow.query.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files of {@code --query.http.tls.*}: a certificate chain, its unencrypted PKCS#8 private
 * key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC) and optionally the CAs whose client
 * certificates are required (mutual TLS). Read once at start-up, so a bad file stops the program
 * with a message that names the option.
 *
 * @param cert {@code --query.http.tls.cert}
 * @param key {@code --query.http.tls.key}
 * @param clientCa {@code --query.http.tls.client-ca}, or null when clients need no certificate
 */
public record TlsFiles(Path cert, Path key, Path clientCa) {

  private static final char[] NO_PASSWORD = new char[0];
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  public TlsFiles {
    Objects.requireNonNull(cert, "--query.http.tls.cert");
    Objects.requireNonNull(key, "--query.http.tls.key");
  }

  /** The server's certificate chain and key as an in-memory key store (alias "query"). */
  public KeyStore keyStore() {
    List<? extends Certificate> chain = certificates(cert, "--query.http.tls.cert");
    PrivateKey privateKey = privateKey();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("query", privateKey, NO_PASSWORD, chain.toArray(new Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "--query.http.tls.key " + key + " does not match --query.http.tls.cert " + cert, e);
    }
  }

  /** The client CAs as a trust store, or null without {@code --query.http.tls.client-ca}. */
  public KeyStore clientTrustStore() {
    if (clientCa == null) {
      return null;
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates(clientCa, "--query.http.tls.client-ca")) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use --query.http.tls.client-ca " + clientCa, e);
    }
  }

  /** The empty password of {@link #keyStore()}. */
  public static String keyPassword() {
    return "";
  }

  private static List<? extends Certificate> certificates(Path file, String option) {
    try (InputStream in = Files.newInputStream(file)) {
      List<? extends Certificate> certs =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + " holds no certificate");
      }
      return certs;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + option + " " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(option + " " + file + " is not a PEM certificate", e);
    }
  }

  private PrivateKey privateKey() {
    String text;
    try {
      text = Files.readString(key, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --query.http.tls.key " + key, e);
    }
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      if (type.equals("PRIVATE KEY")) {
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
          try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
          } catch (GeneralSecurityException e) {
            // try the next algorithm
          }
        }
        throw new IllegalArgumentException(
            "--query.http.tls.key " + key + " is not an RSA, EC or Ed25519 PKCS#8 key");
      }
      if (type.endsWith("PRIVATE KEY")) {
        throw new IllegalArgumentException(
            "--query.http.tls.key "
                + key
                + " is a "
                + type
                + "; convert it to unencrypted PKCS#8: openssl pkcs8 -topk8 -nocrypt -in "
                + key.getFileName());
      }
    }
    throw new IllegalArgumentException(
        "--query.http.tls.key " + key + " holds no -----BEGIN PRIVATE KEY----- block");
  }
}
