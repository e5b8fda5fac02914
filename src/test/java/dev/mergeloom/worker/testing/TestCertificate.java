package dev.mergeloom.worker.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A throwaway self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool:
 * a PKCS#12 keystore for the fake server and the certificate as PEM for the worker's
 * {@code JCA_WORKER_CA_BUNDLE}.
 */
public record TestCertificate(Path keystore, Path pem) {
  public static final String PASSWORD = "changeit";

  public static TestCertificate create(Path dir) throws IOException, InterruptedException {
    Path keystore = dir.resolve("fake-tls.p12");
    Path pem = dir.resolve("fake-ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", "fake", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "fake", "-keystore", keystore.toString(), "-storetype",
        "PKCS12", "-storepass", PASSWORD, "-file", pem.toString()));
    return new TestCertificate(keystore, pem);
  }

  private static void run(List<String> argv) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
