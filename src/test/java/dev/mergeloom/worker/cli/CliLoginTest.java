package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both login flows, cancel, time limit and the one-login rule, through the API, driven by fake
 * CLIs (src/test/resources/fake-cli) that print what the real ones print.
 */
class CliLoginTest {
  @TempDir Path dir;
  private TestWorker worker;
  private Path codexHome;
  private Path claudeDir;

  @BeforeEach
  void start() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    codexHome = dir.resolve("codex-home");
    claudeDir = dir.resolve("claude-config");
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", install(bin, "codex").toString());
    env.put("JCA_WORKER_CLAUDE_PATH", install(bin, "claude").toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", codexHome.toString());
    env.put("JCA_WORKER_CLAUDE_CONFIG_DIR", claudeDir.toString());
    env.put("JCA_WORKER_CLI_LOGIN_TIMEOUT_SECONDS", "3");
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    worker = TestWorker.start(env);
  }

  @AfterEach
  void stop() {
    var processes = worker.worker().context().processes();
    worker.close();
    assertThat(processes.live()).as("no login process outlives the worker").isEmpty();
  }

  /** Resources lose their executable bit when Maven copies them: install a runnable copy. */
  static Path install(Path bin, String name) throws Exception {
    return dev.mergeloom.worker.testing.FakeClis.install(bin, name);
  }

  private void mode(Path home, String mode) throws Exception {
    Files.createDirectories(home);
    Files.writeString(home.resolve("fake-mode"), mode);
  }

  private Http.Response post(String path, Object body) {
    return worker.http().send(HttpMethod.POST, path, body, Map.of());
  }

  private JsonObject waitFor(String provider, String state) throws InterruptedException {
    return Eventually.value("login of " + provider + " reached " + state, Duration.ofSeconds(15), () -> {
      JsonObject login = worker.http().get("/api/v1/providers/" + provider + "/login").json();
      return java.util.Optional.of(login).filter(l -> state.equals(l.getString("state")));
    });
  }

  @Test
  void codexDeviceLoginShowsUrlAndCodeThenSucceeds() throws Exception {
    mode(codexHome, "approve");
    Http.Response started = post("/api/v1/providers/codex-cli/login", null);
    assertThat(started.status()).isEqualTo(202);
    JsonObject waiting = waitFor("codex-cli", "awaiting_user");
    assertThat(waiting.getString("verificationUrl")).isEqualTo("https://auth.openai.com/codex/device");
    assertThat(waiting.getString("userCode")).isEqualTo("ABCD-12345");
    assertThat(waiting.getString("message")).contains("device code sign-in is not enabled");
    assertThat(Duration.between(java.time.Instant.parse(waiting.getString("startedAt")),
        java.time.Instant.parse(waiting.getString("expiresAt")))).isEqualTo(Duration.ofSeconds(3));
    waitFor("codex-cli", "succeeded");
    JsonObject status = worker.http().get("/api/v1/providers/codex-cli/status").json();
    assertThat(status.getBoolean("installed")).isTrue();
    assertThat(status.getString("version")).isEqualTo("codex-cli 0.169.0");
    assertThat(status.getBoolean("loggedIn")).isTrue();
    assertThat(status.getString("method")).isEqualTo("ChatGPT");
    assertThat(worker.http().get("/api/v1/providers/codex-cli").json().getJsonObject("login").getString("state"))
        .isEqualTo("succeeded");
  }

  @Test
  void codexFailuresCarryTheCliMessage() throws Exception {
    mode(codexHome, "deny");
    post("/api/v1/providers/codex-cli/login", null);
    assertThat(waitFor("codex-cli", "failed").getString("message")).contains("device auth failed with status 400 Bad Request");
    mode(codexHome, "not-enabled");
    post("/api/v1/providers/codex-cli/login", null);
    assertThat(waitFor("codex-cli", "failed").getString("message"))
        .contains("device code login is not enabled").contains("ChatGPT's security settings");
    mode(codexHome, "die");
    post("/api/v1/providers/codex-cli/login", null);
    assertThat(waitFor("codex-cli", "failed").getString("message")).contains("137");
  }

  @Test
  void oneLoginAtATimeCancelAndExpiry() throws Exception {
    mode(codexHome, "hang");
    assertThat(post("/api/v1/providers/codex-cli/login", null).status()).isEqualTo(202);
    waitFor("codex-cli", "awaiting_user");
    Http.Response second = post("/api/v1/providers/codex-cli/login", null);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().getJsonObject("error").getString("code")).isEqualTo("conflict");
    assertThat(second.json().getJsonObject("error").getString("message")).contains("already running");
    assertThat(second.json().getJsonObject("login").getString("state")).isEqualTo("awaiting_user");

    Http.Response cancelled = worker.http().delete("/api/v1/providers/codex-cli/login");
    assertThat(cancelled.json().getString("state")).isEqualTo("cancelled");
    assertThat(worker.worker().context().processes().live()).isEmpty();

    assertThat(post("/api/v1/providers/codex-cli/login", null).status()).isEqualTo(202);
    JsonObject expired = waitFor("codex-cli", "expired");
    assertThat(expired.getString("message")).contains("not completed within 3 seconds");
    assertThat(worker.worker().context().processes().live()).isEmpty();
  }

  @Test
  void codexApiKeyIsPipedOnStdin() throws Exception {
    worker.putProvider("codex-cli", new JsonObject().put("authMethod", "api_key")
        .put("fields", new JsonObject().put("apiKey", "sk-test-piped-key-0001")));
    post("/api/v1/providers/codex-cli/login", null);
    waitFor("codex-cli", "succeeded");
    assertThat(Files.readString(codexHome.resolve("auth.json"))).contains("sk-test-piped-key-0001");
    JsonObject status = worker.http().get("/api/v1/providers/codex-cli/status").json();
    assertThat(status.getString("method")).isEqualTo("API key");
    assertThat(status.encode()).doesNotContain("sk-test-piped-key-0001");
  }

  @Test
  void claudeLoginTakesThePastedCodeAndRetriesABadOne() throws Exception {
    mode(claudeDir, "accept");
    assertThat(worker.http().get("/api/v1/providers/claude-code-cli/status").json().getBoolean("loggedIn")).isFalse();
    post("/api/v1/providers/claude-code-cli/login", null);
    JsonObject waiting = waitFor("claude-code-cli", "awaiting_user");
    assertThat(waiting.getString("verificationUrl")).startsWith("https://claude.com/cai/oauth/authorize?code=true&client_id=")
        .endsWith("state=fake-state");
    assertThat(post("/api/v1/providers/claude-code-cli/login/code", new JsonObject().put("code", "  ")).status()).isEqualTo(400);
    post("/api/v1/providers/claude-code-cli/login/code", new JsonObject().put("code", "no-hash-here"));
    Eventually.until("the bad code was refused", Duration.ofSeconds(10), () -> worker.http()
        .get("/api/v1/providers/claude-code-cli/login").json().getString("message").startsWith("Invalid code"));
    JsonObject retry = worker.http().get("/api/v1/providers/claude-code-cli/login").json();
    assertThat(retry.getString("state")).isEqualTo("awaiting_user");
    assertThat(retry.getString("message")).contains("Invalid code").contains("Paste the whole code again");
    post("/api/v1/providers/claude-code-cli/login/code", new JsonObject().put("code", "abc123#fake-state"));
    waitFor("claude-code-cli", "succeeded");
    JsonObject status = worker.http().get("/api/v1/providers/claude-code-cli/status").json();
    assertThat(status.getBoolean("loggedIn")).isTrue();
    assertThat(status.getString("method")).isEqualTo("claude.ai");
    assertThat(status.getString("version")).isEqualTo("2.1.197 (Claude Code)");
  }

  @Test
  void claudeRefusedExchangeFailsAndUnreadableStatusIsUnknown() throws Exception {
    mode(claudeDir, "refuse");
    post("/api/v1/providers/claude-code-cli/login", null);
    waitFor("claude-code-cli", "awaiting_user");
    post("/api/v1/providers/claude-code-cli/login/code", new JsonObject().put("code", "abc#state"));
    assertThat(waitFor("claude-code-cli", "failed").getString("message")).contains("Login failed");
    mode(claudeDir, "garbage");
    JsonObject status = worker.http().get("/api/v1/providers/claude-code-cli/status").json();
    assertThat(status.getValue("loggedIn")).isNull();
    assertThat(status.getString("detail")).contains("unrecognised output");
  }

  @Test
  void modesWithoutLoginAndApiProvidersAreRefused() {
    worker.putProvider("claude-code-cli", new JsonObject().put("authMethod", "oauth_token")
        .put("fields", new JsonObject().put("oauthToken", "sk-ant-oat01-test-token-0001")));
    Http.Response r = post("/api/v1/providers/claude-code-cli/login", null);
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().getJsonObject("error").getString("message")).contains("needs no login");
    assertThat(post("/api/v1/providers/claude-api/login", null).status()).isEqualTo(404);
    assertThat(worker.http().delete("/api/v1/providers/codex-cli/login").status()).isEqualTo(409);
  }
}
