package dev.mergeloom.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After, the retry budget, and the proxy rules, against a local fake. */
class HttpTransportTest {
  private final Vertx vertx = Vertx.vertx();
  private final FakeProvider fake = new FakeProvider();

  @AfterEach
  void close() {
    fake.close();
    vertx.close().await();
  }

  private HttpTransport transport(Duration budget, int attempts, String httpProxy, List<String> noProxy) {
    OutboundSettings s = new OutboundSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), budget, attempts,
        Duration.ofMillis(50), null, httpProxy, noProxy, null);
    return new HttpTransport(vertx, s, null);
  }

  private static MultiMap none() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Test
  void a429WithRetryAfterIsRetriedAfterThatDelay() {
    AtomicInteger n = new AtomicInteger();
    fake.respond(r -> n.incrementAndGet() == 1
        ? Reply.json(429, "{\"error\":{\"message\":\"slow down\"}}").header("Retry-After", "1")
        : Reply.json(200, "{\"ok\":true}"));
    long start = System.nanoTime();
    HttpTransport.Reply reply = transport(Duration.ofSeconds(10), 4, null, List.of())
        .postJson(fake.url() + "/x", none(), "{}").await();
    assertThat(reply.body()).isEqualTo("{\"ok\":true}");
    assertThat(fake.requests()).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void serverErrorsAreRetriedUpToTheAttemptLimit() {
    AtomicInteger n = new AtomicInteger();
    fake.respond(r -> n.incrementAndGet() < 4 ? Reply.json(503, "{\"error\":\"busy\"}") : Reply.json(200, "{}"));
    transport(Duration.ofSeconds(10), 4, null, List.of()).postJson(fake.url() + "/x", none(), "{}").await();
    assertThat(fake.requests()).hasSize(4);

    fake.clear();
    fake.respond(r -> Reply.json(500, "{\"error\":\"down\"}"));
    assertThatThrownBy(() -> transport(Duration.ofSeconds(10), 3, null, List.of()).postJson(fake.url() + "/x", none(), "{}").await())
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void theRetryBudgetEndsRetriesEvenWithAttemptsLeft() {
    fake.respond(r -> Reply.json(429, "{}").header("Retry-After", "30"));
    long start = System.nanoTime();
    assertThatThrownBy(() -> transport(Duration.ofSeconds(2), 10, null, List.of()).postJson(fake.url() + "/x", none(), "{}").await())
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
    assertThat(fake.requests()).hasSize(1); // waiting 30 s would overrun the 2 s budget: give up at once
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void clientErrorsAreNotRetried() {
    fake.respond(r -> Reply.json(400, "{\"error\":{\"message\":\"bad\"}}"));
    assertThatThrownBy(() -> transport(Duration.ofSeconds(10), 4, null, List.of()).postJson(fake.url() + "/x", none(), "{}").await())
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST));
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void httpProxyIsUsedUnlessNoProxyNamesTheHost() {
    fake.respond(r -> Reply.json(200, "{\"via\":\"proxy\"}"));
    HttpTransport t = transport(Duration.ofSeconds(5), 1, fake.url(), List.of(".internal.example", "localhost"));
    assertThat(t.postJson("http://provider.example/v1/chat/completions", none(), "{}").await().body()).contains("proxy");
    assertThat(fake.last().uri()).isEqualTo("http://provider.example/v1/chat/completions");

    assertThat(t.proxyFor("http://llm.internal.example/v1")).isNull();
    assertThat(t.proxyFor("http://internal.example/v1")).isNull();
    assertThat(t.proxyFor("http://localhost:8000/v1")).isNull();
    assertThat(t.proxyFor("http://notinternal.example/v1")).isNotNull();
    assertThat(t.proxyFor("https://provider.example/v1")).as("no HTTPS_PROXY set").isNull();
  }

  @Test
  void aClosedPortIsUnreachableAndSaysSo() throws Exception {
    int port = FakeProvider.closedPort();
    assertThatThrownBy(() -> transport(Duration.ofMillis(300), 2, null, List.of())
        .postJson("http://127.0.0.1:" + port + "/x", none(), "{}").await())
        .isInstanceOfSatisfying(ProviderException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
          assertThat(e.getMessage()).contains("cannot connect to 127.0.0.1");
        });
  }
}
