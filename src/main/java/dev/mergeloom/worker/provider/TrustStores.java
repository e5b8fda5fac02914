package dev.mergeloom.worker.provider;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The trust used for provider calls: the JDK's own CAs plus the certificates of
 * {@code JCA_WORKER_CA_BUNDLE} (a corporate proxy's CA, a private endpoint's CA). Adding, never
 * replacing, so public providers keep working behind such a bundle. Blocking (reads files).
 */
public final class TrustStores {
  private TrustStores() {}

  public static TrustManagerFactory withExtraCa(Path pemBundle) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      jdk.init((KeyStore) null);
      int n = 0;
      for (var tm : jdk.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          for (X509Certificate cert : x509.getAcceptedIssuers()) {
            store.setCertificateEntry("jdk-" + n++, cert);
          }
        }
      }
      try (InputStream in = Files.newInputStream(pemBundle)) {
        for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("bundle-" + n++, cert);
        }
      }
      TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      combined.init(store);
      return combined;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("JCA_WORKER_CA_BUNDLE: cannot read " + pemBundle
          + " as PEM certificates (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  public static SSLContext sslContext(TrustManagerFactory trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable in this JVM", e);
    }
  }
}
