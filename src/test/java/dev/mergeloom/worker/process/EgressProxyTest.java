package dev.mergeloom.worker.process;

import dev.mergeloom.worker.testing.Eventually;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The egress proxy on its Unix socket, spoken to as a sandboxed client would: CONNECT tunnels
 * to a listed host carry bytes both ways; a plain http:// request reaches its origin in origin
 * form without the proxy's headers; unlisted hosts, malformed requests and oversized headers
 * are refused with a reason; every decision is reported.
 */
class EgressProxyTest {
  @TempDir Path dir;
  private Vertx vertx;
  private NetServer origin;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<EgressProxy.Decision> decisions = new CopyOnWriteArrayList<>();
  private EgressProxy proxy;
  private Path socket;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    // An origin that records what arrives and answers every chunk with "echo:" and the chunk.
    origin = vertx.createNetServer().connectHandler(s -> s.handler(b -> {
      received.add(b.toString());
      s.write("echo:" + b);
    })).listen(0, "127.0.0.1").await();
    socket = dir.resolve("egress.sock");
    proxy = EgressProxy.start(vertx, socket, HostAllowlist.parse("127.0.0.1:" + origin.actualPort()).list(),
        decisions::add).await();
  }

  @AfterEach
  void tearDown() {
    proxy.close().await();
    vertx.close().await();
  }

  /** Sends {@code request} over the proxy socket and reads what comes back until {@code enough} is seen or 5 s pass. */
  private String exchange(String request, String enough) throws Exception {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      OutputStream out = Channels.newOutputStream(channel);
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = Channels.newInputStream(channel);
      StringBuilder got = new StringBuilder();
      long end = System.nanoTime() + 5_000_000_000L;
      byte[] buf = new byte[8192];
      while (!got.toString().contains(enough) && System.nanoTime() < end) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
      return got.toString();
    }
  }

  @Test
  void aConnectTunnelToAListedHostCarriesBytesBothWays() throws Exception {
    String answer = exchange("CONNECT 127.0.0.1:" + origin.actualPort() + " HTTP/1.1\r\nHost: x\r\n\r\nping", "echo:ping");
    assertThat(answer).startsWith("HTTP/1.1 200 Connection Established\r\n\r\n").endsWith("echo:ping");
    assertThat(received).containsExactly("ping");
    assertThat(decisions).containsExactly(new EgressProxy.Decision("127.0.0.1", origin.actualPort(), true, "allowed"));
  }

  @Test
  void aPlainHttpRequestReachesTheOriginInOriginFormWithoutProxyHeaders() throws Exception {
    String answer = exchange("GET http://127.0.0.1:" + origin.actualPort() + "/simple/pkg/?a=1 HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nProxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\n"
        + "Connection: keep-alive\r\nAccept: */*\r\n\r\n", "echo:");
    assertThat(answer).startsWith("echo:GET /simple/pkg/?a=1 HTTP/1.1\r\n");
    String sent = String.join("", received);
    assertThat(sent).contains("Host: 127.0.0.1\r\n").contains("Accept: */*\r\n").contains("Connection: close\r\n\r\n")
        .doesNotContain("Proxy-").doesNotContain("keep-alive");
  }

  @Test
  void anUnlistedHostOrPortIsRefusedNamingItAndTheSetting() throws Exception {
    String other = exchange("CONNECT 127.0.0.1:" + (origin.actualPort() + 1) + " HTTP/1.1\r\n\r\n", "\n\n");
    assertThat(other).startsWith("HTTP/1.1 403 Forbidden").contains("127.0.0.1:" + (origin.actualPort() + 1)
        + " is not on the job's network allowlist").contains("JCA_WORKER_SANDBOX_ALLOWED_HOSTS");
    String byName = exchange("GET http://LOCALHOST:" + origin.actualPort() + "/ HTTP/1.1\r\n\r\n", "\n\n");
    assertThat(byName).startsWith("HTTP/1.1 403").contains("localhost:" + origin.actualPort());
    assertThat(received).isEmpty();
    assertThat(decisions).extracting(EgressProxy.Decision::allowed).containsExactly(false, false);
  }

  @Test
  void malformedRequestsAndHugeHeadersAreRefused() throws Exception {
    assertThat(exchange("CONNECT user@127.0.0.1:" + origin.actualPort() + " HTTP/1.1\r\n\r\n", "\n\n"))
        .startsWith("HTTP/1.1 400");
    assertThat(exchange("GET https://127.0.0.1/ HTTP/1.1\r\n\r\n", "\n\n")).startsWith("HTTP/1.1 400");
    assertThat(exchange("CONNECT 127.0.0.1:" + origin.actualPort() + " HTTP/1.1\r\nX: " + "a".repeat(20_000), "\n\n"))
        .startsWith("HTTP/1.1 431");
    assertThat(received).isEmpty();
    assertThat(decisions).isEmpty();
  }

  @Test
  void aJobHoldsAtMostItsShareOfOpenConnections() throws Exception {
    List<SocketChannel> held = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < EgressProxy.MAX_OPEN; i++) {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(socket));
        c.write(java.nio.ByteBuffer.wrap("CONNECT 127.0.0.1:1".getBytes(StandardCharsets.ISO_8859_1)));
        held.add(c);
      }
      Eventually.until("the proxy accepted them all", Duration.ofSeconds(10),
          () -> proxy.sandboxConnections().await() == EgressProxy.MAX_OPEN);
      assertThat(exchange("CONNECT 127.0.0.1:" + origin.actualPort() + " HTTP/1.1\r\n\r\n", "\n\n"))
          .startsWith("HTTP/1.1 503").contains("at most " + EgressProxy.MAX_OPEN);
      held.remove(0).close();
      Eventually.until("the proxy saw the close", Duration.ofSeconds(10),
          () -> proxy.sandboxConnections().await() == EgressProxy.MAX_OPEN - 1);
      assertThat(exchange("CONNECT 127.0.0.1:" + origin.actualPort() + " HTTP/1.1\r\n\r\nx", "echo:x"))
          .as("a closed connection frees its place").endsWith("echo:x");
    } finally {
      for (SocketChannel c : held) {
        c.close();
      }
    }
  }

  @Test
  void allowlistEntriesParseAsOperatorsWriteThem() {
    HostAllowlist list = HostAllowlist.parse("PyPI.org, *.pythonhosted.org  registry.npmjs.org:8443,[::1]:*").list();
    assertThat(list.canonical()).isEqualTo("pypi.org,*.pythonhosted.org,registry.npmjs.org:8443,::1:*");
    assertThat(list.allows("pypi.org", 443)).isTrue();
    assertThat(list.allows("pypi.org", 22)).isFalse();
    assertThat(list.allows("evil-pypi.org", 443)).isFalse();
    assertThat(list.allows("files.pythonhosted.org", 443)).isTrue();
    assertThat(list.allows("pythonhosted.org", 443)).as("a wildcard is for subdomains only").isFalse();
    assertThat(list.allows("registry.npmjs.org", 443)).isFalse();
    assertThat(list.allows("registry.npmjs.org", 8443)).isTrue();
    assertThat(list.allows("[::1]", 5000)).isTrue();
    assertThat(HostAllowlist.parse("pypi.org,https://x/").problem()).contains("'https://x/' is not a host");
    assertThat(HostAllowlist.parse("pypi.org:0").problem()).contains("'pypi.org:0'");
    assertThat(HostAllowlist.parse("").list().isEmpty()).isTrue();
  }
}
