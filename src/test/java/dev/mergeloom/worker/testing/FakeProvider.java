package dev.mergeloom.worker.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PfxOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for a provider's HTTP API (or a token endpoint): records every request and
 * answers with whatever the test's responder says, optionally after a delay. Plain HTTP, or
 * HTTPS with a test certificate ({@link TestCertificate}).
 */
public final class FakeProvider implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final boolean tls;
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private volatile Runnable afterReply = () -> {};
  private volatile Function<Recorded, Reply> responder = r -> Reply.json(404, "{\"error\":{\"message\":\"no route\"}}");

  /** A request as received. */
  public record Recorded(String method, String uri, String path, MultiMap headers, String body, byte[] raw) {
    public io.vertx.core.json.JsonObject json() {
      return new io.vertx.core.json.JsonObject(body);
    }
  }

  /** What to answer. */
  public record Reply(int status, Map<String, String> headers, String body, long delayMs) {
    public static Reply json(int status, String body) {
      return new Reply(status, Map.of("Content-Type", "application/json"), body, 0);
    }

    public Reply after(long ms) {
      return new Reply(status, headers, body, ms);
    }

    public Reply header(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Reply(status, Map.copyOf(h), body, delayMs);
    }
  }

  public FakeProvider() {
    this(null);
  }

  /** @param certificate a PKCS#12 keystore for HTTPS, or null for plain HTTP */
  public FakeProvider(TestCertificate certificate) {
    this.tls = certificate != null;
    HttpServerOptions options = new HttpServerOptions();
    if (tls) {
      options.setSsl(true).setKeyCertOptions(new PfxOptions().setPath(certificate.keystore().toString())
          .setPassword(TestCertificate.PASSWORD));
    }
    server = vertx.createHttpServer(options).requestHandler(req -> req.body().onSuccess(body -> {
      Recorded r = new Recorded(req.method().name(), req.uri(), req.path(), MultiMap.caseInsensitiveMultiMap()
          .addAll(req.headers()), body.toString(), body.getBytes());
      requests.add(r);
      Reply reply = answerFor(r);
      Runnable send = () -> {
        reply.headers().forEach(req.response()::putHeader);
        req.response().setStatusCode(reply.status()).end(reply.body());
        afterReply.run();
      };
      if (reply.delayMs() > 0) {
        vertx.setTimer(reply.delayMs(), t -> send.run());
      } else {
        send.run();
      }
    })).listen(0, "127.0.0.1").await();
  }

  /**
   * The responder's answer, or a 500 naming why it could not be built (a missing fixture, say):
   * the client then fails at once with that reason instead of waiting out its read timeout.
   */
  private Reply answerFor(Recorded r) {
    try {
      return responder.apply(r);
    } catch (RuntimeException e) {
      return new Reply(500, Map.of("Content-Type", "text/plain", "x-fake-error", "responder-failed"),
          "fake provider could not build its answer: " + e, 0);
    }
  }

  /** Runs after each reply is sent (for counting requests in flight). */
  public void afterReply(Runnable hook) {
    this.afterReply = hook;
  }

  public void respond(Function<Recorded, Reply> responder) {
    this.responder = responder;
  }

  public String url() {
    return (tls ? "https://localhost:" : "http://127.0.0.1:") + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public Recorded last() {
    return requests.get(requests.size() - 1);
  }

  public void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  /**
   * A loopback port where nothing listens, below the ephemeral range: a port from there can be
   * handed to the connecting socket itself, and a connection to it then succeeds (TCP
   * self-connect) and hangs instead of being refused.
   */
  public static int closedPort() throws java.io.IOException {
    for (int port : new int[] {9, 19, 39, 49, 59, 69}) {
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      } catch (java.net.ConnectException refused) {
        return port;
      } catch (java.io.IOException other) {
        // timed out or otherwise odd: try the next one
      }
    }
    throw new java.io.IOException("no closed low port found on 127.0.0.1");
  }
}
