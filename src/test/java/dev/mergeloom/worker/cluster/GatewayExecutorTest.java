package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.ConfigSource;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.RuntimeSetting;
import dev.mergeloom.worker.testing.ClusterEnv;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway and an executor as two real workers (each with its own Vert.x, store and port) in
 * one JVM: the executor fetches the config, follows changes within a long-poll, keeps its last
 * good config while the gateway is away, catches up when it returns, and is refused with a
 * wrong token. The canary secret reaches the executor and never a log.
 */
class GatewayExecutorTest {
  private static final String TOKEN = "cluster-token-0123456789abcdef";
  private static final String CANARY = "sk-ant-canary-gateway-executor-7731";

  @TempDir Path dir;
  private int gatewayPort;
  private TestWorker gateway;
  private TestWorker executor;
  private LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    logs = new LogCapture(false);
    try (ServerSocket s = new ServerSocket(0)) {
      gatewayPort = s.getLocalPort();
    }
    gateway = startGateway();
  }

  @AfterEach
  void stop() {
    for (TestWorker w : new TestWorker[] {executor, gateway}) {
      if (w != null) {
        w.close();
      }
    }
    logs.close();
    assertThat(logs.output()).doesNotContain(CANARY).doesNotContain(TOKEN).doesNotContain("wrong-token-0123456789");
  }

  private TestWorker startGateway() {
    return TestWorker.start(ClusterEnv.gateway(dir, gatewayPort, TOKEN));
  }

  private TestWorker startExecutor(String name, String token) {
    return TestWorker.start(ClusterEnv.executor(dir, name, gatewayPort, token));
  }

  private void configureOnGateway(String model) {
    Http.Response put = gateway.putProvider("claude-api", new JsonObject().put("authMethod", "api_key")
        .put("fields", new JsonObject().put("apiKey", CANARY).put("model", model)));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  private Effective executorField(String key) {
    return executor.worker().context().providers().get("claude-api").orElseThrow().fields().get(key);
  }

  private JsonObject executorGatewayStatus() {
    JsonArray checks = executor.http().get("/healthz").json().getJsonArray("checks");
    return checks.stream().map(JsonObject.class::cast).filter(c -> c.getString("id").equals("gateway-config"))
        .findFirst().orElseThrow().getJsonObject("data");
  }

  @Test
  void executorFetchesFollowsSurvivesAndCatchesUp() throws Exception {
    configureOnGateway("claude-sonnet-4-5");
    assertThat(gateway.http().put("/api/v1/runtime-config", new JsonObject().put("maxRepairAttempts", 5)).status())
        .isEqualTo(200);
    executor = startExecutor("exec-1", TOKEN);

    // Providers and runtime settings are applied one after the other: wait for both.
    Eventually.until("the executor has the gateway's provider and runtime settings", Duration.ofSeconds(10),
        () -> "claude-sonnet-4-5".equals(executorField("model").value()) && "5".equals(executor.worker().context().runtime()
            .effective().get(RuntimeSetting.MAX_REPAIR_ATTEMPTS).value()) && executorGatewayStatus().getBoolean("fresh"));
    assertThat(executorField("model").source()).isEqualTo(ConfigSource.GATEWAY);
    // Secrets are not in the feed: the claim of a job brings its provider's, for that job only.
    assertThat(executorField("apiKey").value()).isNull();
    Effective repairs = executor.worker().context().runtime().effective().get(RuntimeSetting.MAX_REPAIR_ATTEMPTS);
    assertThat(repairs.value()).isEqualTo("5");
    assertThat(repairs.source()).isEqualTo(ConfigSource.GATEWAY);
    JsonObject fresh = executorGatewayStatus();
    assertThat(fresh.getBoolean("fresh")).isTrue();
    String version = fresh.getString("version");
    Eventually.until("the gateway lists the executor with the current config", Duration.ofSeconds(5), () -> {
      JsonArray listed = gateway.http().get("/api/v1/executors").jsonArray();
      return listed.size() == 1 && listed.getJsonObject(0).getString("name").equals("exec-1")
          && listed.getJsonObject(0).getString("configVersion").equals(version);
    });
    assertThat(gateway.http().get("/").body()).contains("exec-1").contains(version);

    long before = System.nanoTime();
    configureOnGateway("claude-opus-4-1");
    // The new version is recorded once the whole snapshot is applied, just after the model shows.
    Eventually.until("the executor follows a change", Duration.ofSeconds(5),
        () -> "claude-opus-4-1".equals(executorField("model").value())
            && !version.equals(executorGatewayStatus().getString("version")));
    assertThat(Duration.ofNanos(System.nanoTime() - before)).as("woken by the long-poll, not a 25 s poll")
        .isLessThan(Duration.ofSeconds(5));
    assertThat(executorGatewayStatus().getString("version")).isNotEqualTo(version);

    gateway.close();
    gateway = null;
    Eventually.until("the executor notices the gateway is gone", Duration.ofSeconds(10),
        () -> !executorGatewayStatus().getBoolean("fresh"));
    assertThat(executor.http().get("/healthz").status()).as("stale config is not a reason to restart").isEqualTo(200);
    assertThat(executorGatewayStatus().getString("lastError")).isNotBlank();
    assertThat(executorField("model").value()).as("last good config kept").isEqualTo("claude-opus-4-1");

    gateway = startGateway();
    Eventually.until("the executor is fresh again", Duration.ofSeconds(20), () -> executorGatewayStatus().getBoolean("fresh"));
    configureOnGateway("claude-haiku-4-5");
    Eventually.until("a change after the return is followed", Duration.ofSeconds(5),
        () -> "claude-haiku-4-5".equals(executorField("model").value()));
  }

  @Test
  void executorRestartedWhileTheGatewayIsDownStartsFromItsCache() throws Exception {
    configureOnGateway("claude-sonnet-4-5");
    executor = startExecutor("exec-2", TOKEN);
    Eventually.until("first fetch", Duration.ofSeconds(10), () -> "claude-sonnet-4-5".equals(executorField("model").value()));
    executor.close();
    gateway.close();
    gateway = null;

    executor = startExecutor("exec-2", TOKEN);
    assertThat(executorField("apiKey").value()).as("no secret cached").isNull();
    assertThat(executorField("model").value()).isEqualTo("claude-sonnet-4-5");
    Eventually.until("the executor says its config is not confirmed", Duration.ofSeconds(10),
        () -> executorGatewayStatus().getString("lastError") != null);
    assertThat(executorGatewayStatus().getBoolean("fresh")).isFalse();
  }

  @Test
  void wrongTokenIsRefusedAndLoggedWithoutTheToken() throws Exception {
    configureOnGateway("claude-sonnet-4-5");
    executor = startExecutor("exec-bad", "wrong-token-0123456789");
    Eventually.until("the executor reports the refusal", Duration.ofSeconds(10),
        () -> String.valueOf(executorGatewayStatus().getString("lastError")).contains("401"));
    assertThat(executorField("model").value()).isNull();
    assertThat(logs.output()).contains("refused: a wrong token");

    Http.Response anonymous = gateway.http().get("/cluster/v1/config");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain(CANARY);
    assertThat(logs.output()).contains("refused: no bearer token");
    Http.Response authorized = gateway.http().get("/cluster/v1/config", Map.of("Authorization", "Bearer " + TOKEN));
    assertThat(authorized.status()).isEqualTo(200);
    JsonObject claude = authorized.json().getJsonObject("providers").getJsonObject("claude-api");
    assertThat(claude.getJsonObject("values").getString("model")).isEqualTo("claude-sonnet-4-5");
    assertThat(claude.getJsonArray("secretKeys")).containsExactly("apiKey");
    assertThat(authorized.body()).as("the feed names the secret, never its value").doesNotContain(CANARY);
    assertThat(gateway.http().get("/api/v1/providers/claude-api").body()).doesNotContain(CANARY);
  }

  @Test
  void executorServesOnlyProbesAndRefusesProviderWrites() throws Exception {
    executor = startExecutor("exec-3", TOKEN);
    Http.Response providers = executor.http().get("/api/v1/providers");
    assertThat(providers.status()).isEqualTo(404);
    assertThat(providers.body()).contains("This is an executor");
    assertThat(executor.http().get("/metrics").status()).isEqualTo(200);
    assertThat(executor.http().get("/api/v1/worker").json().getString("role")).isEqualTo("executor");
  }
}
