package dev.mergeloom.worker.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A throwaway certificate authority made with the JDK's keytool, and a server certificate it
 * signs for real public host names (auth.openai.com, platform.claude.com, …). A CLI that trusts
 * the authority's PEM (CODEX_CA_CERTIFICATE, NODE_EXTRA_CA_CERTS) then accepts a local fake as
 * those hosts behind {@link ConnectProxy}.
 */
public final class TestCertificateAuthority {
  private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

  private TestCertificateAuthority() {}

  /** Creates the authority and a server keystore for {@code hosts}; the PEM is the authority's. */
  public static TestCertificate serverCertificate(Path dir, List<String> hosts) throws IOException,
      InterruptedException {
    Path caStore = dir.resolve("test-ca.p12");
    Path caPem = dir.resolve("test-ca.pem");
    Path serverStore = dir.resolve("server.p12");
    Path csr = dir.resolve("server.csr");
    Path signed = dir.resolve("server.pem");
    String pass = TestCertificate.PASSWORD;
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=MergeLoom Test CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
        "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", pass);
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", pass,
        "-file", caPem.toString());
    keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=" + hosts.get(0), "-keystore", serverStore.toString(), "-storetype", "PKCS12",
        "-storepass", pass);
    keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", pass,
        "-file", csr.toString());
    String san = hosts.stream().map(h -> "dns:" + h).collect(Collectors.joining(",")) + ",ip:127.0.0.1";
    keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", pass, "-rfc",
        "-validity", "2", "-infile", csr.toString(), "-outfile", signed.toString(), "-ext", "SAN=" + san,
        "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore",
        serverStore.toString(), "-storepass", pass);
    keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", serverStore.toString(),
        "-storepass", pass);
    return new TestCertificate(serverStore, caPem);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(KEYTOOL));
    argv.addAll(List.of(args));
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
