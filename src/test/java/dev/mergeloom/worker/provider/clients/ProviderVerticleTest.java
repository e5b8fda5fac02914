package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.ConfigSource;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.credentials.AzureTokens;
import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.HttpTransport;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.testing.Eventually;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every provider call goes through the verticle that owns the clients: sessions of the same
 * settings share one client, replaced settings get their own, and what nobody holds is closed.
 */
class ProviderVerticleTest {
  private final Vertx vertx = Vertx.vertx();
  private final OutboundSettings policy = new OutboundSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(5), 1, Duration.ofMillis(10), null, null, List.of(), null);
  private final ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of());
  private final Providers providers = new Providers(vertx);

  @AfterEach
  void close() {
    vertx.close().await(); // undeploys the verticle, which closes its clients
    model.close();
  }

  /** Keeps a client nobody holds for {@code idle}; looks every 20 ms. */
  private void deploy(Duration idle) {
    Bus.install(vertx);
    ProviderClients clients = new ProviderClients(vertx, new HttpTransport(vertx, policy, null),
        new BedrockClients(vertx, policy, null), new AzureTokens.Authority(null, null));
    vertx.deployVerticle(new ProviderVerticle(clients, Duration.ofMillis(20), idle)).await();
  }

  private ResolvedProvider compatible(String key) {
    return compatible(key, model.url() + "/v1");
  }

  private static ResolvedProvider compatible(String key, String baseUrl) {
    Map<String, Effective> fields = new LinkedHashMap<>();
    Map.of("baseUrl", baseUrl, "apiKey", key, "model", "m")
        .forEach((k, v) -> fields.put(k, new Effective(v, ConfigSource.UI, false, null)));
    return new ResolvedProvider(ProviderCatalog.find(ProviderCatalog.OPENAI_COMPATIBLE).orElseThrow(),
        new Effective("bearer", ConfigSource.UI, false, null), fields, List.of(), true, null);
  }

  private static ChatRequest hello() {
    return new ChatRequest("m", null, List.of(Message.user("hi")), List.of(), null, 16);
  }

  @Test
  void sessionsOfTheSameSettingsShareOneClientAndAReplacedOneIsClosedOnceNobodyHoldsIt() {
    deploy(Duration.ZERO);
    Providers.Session job = providers.open(compatible("key-1"), policy).await();
    Providers.Session selfTest = providers.open(compatible("key-1"), policy).await();
    assertThat(providers.kept().await()).as("one client for the same settings").isEqualTo(1);
    Providers.Session replaced = providers.open(compatible("key-2"), policy).await();
    assertThat(providers.kept().await()).isEqualTo(2);
    assertThat(job.endpointDescription()).isEqualTo(model.url() + "/v1/chat/completions");

    ChatReply reply = job.chat(hello()).await();
    assertThat(reply.text()).contains("mlstep-0");
    replaced.chat(hello()).await();
    assertThat(model.requests()).extracting(r -> r.headers().get("Authorization"))
        .containsExactly("Bearer key-1", "Bearer key-2");

    replaced.close();
    Eventually.until("the replaced settings' client is closed", Duration.ofSeconds(5),
        () -> providers.kept().await() == 1);
    job.close();
    job.close(); // a second close gives back nothing more
    assertThat(selfTest.chat(hello()).await().text()).as("still held by the self-test").contains("mlstep-0");
    selfTest.close();
    Eventually.until("the last client is closed", Duration.ofSeconds(5), () -> providers.kept().await() == 0);
  }

  @Test
  void aClosedSessionIsRefusedAndSettingsNoClientCanBeMadeOfFailToOpen() {
    deploy(Duration.ofMinutes(10));
    Providers.Session session = providers.open(compatible("key-1"), policy).await();
    session.close();
    assertThatThrownBy(() -> session.chat(hello()).await()).hasMessageContaining("was closed; open a new one");

    Map<String, Effective> none = Map.of();
    ResolvedProvider cli = new ResolvedProvider(ProviderCatalog.find(ProviderCatalog.CODEX_CLI).orElseThrow(),
        new Effective("cli_login", ConfigSource.UI, false, null), none, List.of(), true, null);
    assertThatThrownBy(() -> providers.open(cli, policy).await()).hasMessageContaining("is a CLI provider");
    assertThat(providers.kept().await()).as("the idle client of the closed session only").isEqualTo(1);
  }

  @Test
  void theCallIsMadeByTheOwnerAndAnsweredOnTheCallersContext() {
    deploy(Duration.ofMinutes(10));
    Context caller = vertx.getOrCreateContext();
    var seen = new Object() {
      volatile Context answeredOn;
    };
    caller.runOnContext(v -> providers.open(compatible("key-1"), policy)
        .compose(session -> session.chat(hello()).eventually(() -> {
          session.close();
          return Future.succeededFuture();
        }))
        .onSuccess(reply -> seen.answeredOn = Vertx.currentContext()));
    Context answered = Eventually.value("the chat is answered", Duration.ofSeconds(5),
        () -> Optional.ofNullable(seen.answeredOn));
    assertThat(((io.vertx.core.internal.ContextInternal) answered).unwrap())
        .isSameAs(((io.vertx.core.internal.ContextInternal) caller).unwrap());
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void oneCallLeasesCallsAndGivesBackAndAFailedCallSaysWhereItWent() throws Exception {
    deploy(Duration.ZERO);
    Providers.Answer answer = providers.once(compatible("key-1"), policy, hello()).await();
    assertThat(answer.failure()).isNull();
    assertThat(answer.reply().text()).contains("mlstep-0");
    assertThat(answer.endpoint()).isEqualTo(model.url() + "/v1/chat/completions");
    Eventually.until("the client is given back and swept", Duration.ofSeconds(5), () -> providers.kept().await() == 0);

    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Providers.Answer refused = providers.once(compatible("key-1", "http://127.0.0.1:" + closedPort + "/v1"), policy, hello())
        .await();
    assertThat(refused.reply()).isNull();
    assertThat(refused.failure()).isInstanceOfSatisfying(dev.mergeloom.worker.provider.ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(dev.mergeloom.worker.provider.ProviderException.Kind.UNREACHABLE));
    assertThat(refused.endpoint()).isEqualTo("http://127.0.0.1:" + closedPort + "/v1/chat/completions");
  }
}
