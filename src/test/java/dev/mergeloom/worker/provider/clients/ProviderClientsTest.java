package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.ConfigSource;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.credentials.AzureTokens;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.HttpTransport;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.testing.FakeProvider;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Clients are shared while their settings are held, and closed once nobody held them for the idle time. */
class ProviderClientsTest {
  private static final Duration IDLE = Duration.ofMinutes(10);
  private final Vertx vertx = Vertx.vertx();
  private final OutboundSettings policy = new OutboundSettings(Duration.ofSeconds(2), Duration.ofMillis(300),
      Duration.ofMillis(300), 1, Duration.ofMillis(10), null, null, List.of(), null);
  private final BedrockClients bedrock = new BedrockClients(vertx, policy, null);
  private final MovingClock clock = new MovingClock();
  private final ProviderClients clients = new ProviderClients(vertx, new HttpTransport(vertx, policy, null), bedrock,
      new AzureTokens.Authority(null, null), clock);

  @AfterEach
  void close() throws Exception {
    vertx.executeBlocking(() -> {
      clients.close();
      return null;
    }).await();
    vertx.close().await();
  }

  private static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-02T10:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static ResolvedProvider provider(String id, String authMethod, Map<String, String> values) {
    Map<String, Effective> fields = new LinkedHashMap<>();
    values.forEach((k, v) -> fields.put(k, new Effective(v, ConfigSource.UI, false, null)));
    return new ResolvedProvider(ProviderCatalog.find(id).orElseThrow(), new Effective(authMethod, ConfigSource.UI,
        false, null), fields, List.of(), true, null);
  }

  private static ResolvedProvider compatible(String key) {
    return provider(ProviderCatalog.OPENAI_COMPATIBLE, "bearer", Map.of("baseUrl", "http://127.0.0.1:9/v1",
        "apiKey", key, "model", "m"));
  }

  @Test
  void oneClientPerSettingsWhileHeldAndANewOneAfterTheOldWasSwept() {
    ProviderClients.Lease job = clients.lease(compatible("key-1"), policy);
    ProviderClients.Lease selfTest = clients.lease(compatible("key-1"), policy);
    ProviderClients.Lease replaced = clients.lease(compatible("key-2"), policy);
    assertThat(selfTest.client()).isSameAs(job.client());
    assertThat(replaced.client()).isNotSameAs(job.client());
    assertThat(clients.kept()).isEqualTo(2);

    job.close();
    job.close(); // a second close gives back nothing more
    clock.now = clock.now.plus(IDLE.multipliedBy(2));
    assertThat(clients.sweep(IDLE).await()).as("both are still held").isZero();

    selfTest.close();
    replaced.close();
    clock.now = clock.now.plus(IDLE.minusSeconds(1));
    assertThat(clients.sweep(IDLE).await()).as("not idle long enough").isZero();
    clock.now = clock.now.plusSeconds(1);
    assertThat(clients.sweep(IDLE).await()).isEqualTo(2);
    assertThat(clients.kept()).isZero();

    ProviderClients.Lease again = clients.lease(compatible("key-1"), policy);
    assertThat(again.client()).isNotSameAs(selfTest.client());
    again.close();
  }

  @Test
  void aSweptBedrockClientClosesItsSdkClient() throws Exception {
    ResolvedProvider p = provider(ProviderCatalog.AWS_BEDROCK, "static_keys", Map.of("region", "us-east-1",
        "endpointUrl", "http://127.0.0.1:" + FakeProvider.closedPort(), "accessKeyId", "AKIDTESTFAKE000",
        "secretAccessKey", "s", "model", "anthropic.claude-test-v1:0"));
    try (ProviderClients.Lease lease = clients.lease(p, policy)) {
      // The SDK client is built on the first call; this one fails, the endpoint is closed.
      assertThatThrownBy(() -> lease.client().chat(new ChatRequest("m", null, List.of(Message.user("hi")), List.of(),
          null, 16)).await()).isInstanceOf(ProviderException.class);
      assertThat(bedrock.open()).isEqualTo(1);
    }
    clock.now = clock.now.plus(IDLE);
    assertThat(clients.sweep(IDLE).await()).isEqualTo(1);
    assertThat(bedrock.open()).isZero();
  }

  @Test
  void settingsNoClientCanBeMadeOfFailAndKeepNothing() {
    assertThatThrownBy(() -> clients.lease(provider(ProviderCatalog.CODEX_CLI, "cli_login", Map.of()), policy))
        .hasMessageContaining("is a CLI provider");
    assertThat(clients.kept()).isZero();
  }
}
