package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeSignIn;
import dev.mergeloom.worker.testing.FakeSignIn.Device;
import dev.mergeloom.worker.testing.FakeSignIn.Exchange;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.RealClis;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real pinned CLIs logging in end to end through the worker against a local fake sign-in
 * service: HTTPS_PROXY points them at a loopback CONNECT proxy, and they trust a throwaway test
 * CA passed through the worker's CLI environment the way an operator passes a corporate CA.
 */
class RealCliSignInTest {
  private static final String CLAUDE_ACCESS_TOKEN = "sk-ant-oat01-fake-access";

  @TempDir Path dir;
  private FakeSignIn signIn;
  private TestWorker worker;
  private LogCapture logs;

  @BeforeEach
  void start() throws Exception {
    RealClis.assumeInstalled();
    signIn = new FakeSignIn(dir);
    Map<String, String> env = RealClis.isolatedEnv(dir);
    env.put("HTTPS_PROXY", signIn.proxyUrl());
    env.put("HTTP_PROXY", signIn.proxyUrl());
    env.put("CODEX_CA_CERTIFICATE", signIn.caPem().toString());
    env.put("NODE_EXTRA_CA_CERTS", signIn.caPem().toString());
    logs = new LogCapture(false);
    worker = TestWorker.start(env);
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      var processes = worker.worker().context().processes();
      worker.close();
      assertThat(processes.live()).isEmpty();
    }
    if (logs != null) {
      logs.close();
      // the sign-in service's tokens reach the CLI's own files only, never the worker's outputs
      assertThat(logs.output()).doesNotContain(CLAUDE_ACCESS_TOKEN, "fake-refresh", "fake-authorization-code");
      assertThat(Http.received()).noneMatch(body -> body.contains(CLAUDE_ACCESS_TOKEN)
          || body.contains("fake-authorization-code"));
    }
    if (signIn != null) {
      signIn.close();
    }
  }

  @Test
  void codexDeviceLoginApprovedInTheBrowserLogsTheWorkerIn() throws Exception {
    signIn.device(Device.APPROVED, 2);
    startLogin("codex-cli");
    JsonObject waiting = waitFor("codex-cli", "awaiting_user", "failed", "succeeded");
    assertThat(waiting.getString("state")).as(waiting.encode()).isEqualTo("awaiting_user");
    assertThat(waiting.getString("verificationUrl")).isEqualTo("https://auth.openai.com/codex/device");
    assertThat(waiting.getString("userCode")).isEqualTo(FakeSignIn.USER_CODE);

    JsonObject done = waitFor("codex-cli", "succeeded", "failed", "expired");
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    List<String> routes = routes();
    assertThat(routes).containsSubsequence("POST auth.openai.com/api/accounts/deviceauth/usercode",
        "POST auth.openai.com/api/accounts/deviceauth/token", "POST auth.openai.com/oauth/token");
    assertThat(routes.stream().filter(r -> r.endsWith("/deviceauth/token"))).hasSize(3);
    FakeProvider.Recorded exchange = signIn.requests().stream().filter(r -> r.path().equals("/oauth/token"))
        .findFirst().orElseThrow();
    assertThat(exchange.body()).contains("code=fake-authorization-code", "code_verifier=fake-verifier");

    JsonObject status = worker.http().get("/api/v1/providers/codex-cli/status").json();
    assertThat(status.getBoolean("loggedIn")).as(status.encode()).isTrue();
    assertThat(status.getString("method")).isEqualTo("ChatGPT");
    assertThat(dir.resolve("codex-home/auth.json")).exists();
    assertThat(Files.readString(dir.resolve("codex-home/auth.json"))).contains("fake-refresh");
  }

  @Test
  void codexDeviceLoginDeniedInTheBrowserFailsWithTheServersAnswer() throws Exception {
    signIn.device(Device.DENIED, 1);
    startLogin("codex-cli");
    JsonObject done = waitFor("codex-cli", "succeeded", "failed", "expired");
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("message")).startsWith("Error logging in").contains("400");
    assertThat(dir.resolve("codex-home/auth.json")).doesNotExist();
  }

  @Test
  void codexServerWithoutDeviceLoginIsExplainedWithTheSettingToChange() throws Exception {
    signIn.device(Device.NOT_ENABLED, 0);
    startLogin("codex-cli");
    JsonObject done = waitFor("codex-cli", "succeeded", "failed", "expired");
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("message")).contains("not enabled").contains(CliLoginVerticle.DEVICE_AUTH_HINT);
  }

  @Test
  void claudeCodePasteIsExchangedAndTheWorkerIsLoggedIn() throws Exception {
    signIn.exchange(Exchange.ACCEPTED);
    String state = awaitClaudeState();
    JsonObject afterBadPaste = pasteCode("pasted-without-state");
    assertThat(afterBadPaste.getString("state")).isEqualTo("awaiting_user");
    JsonObject retried = waitForMessage("claude-code-cli", "full code");
    assertThat(retried.getString("state")).as("a bad paste leaves the login waiting").isEqualTo("awaiting_user");

    pasteCode("fake-code#" + state);
    JsonObject done = waitFor("claude-code-cli", "succeeded", "failed", "expired");
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    JsonObject exchange = signIn.requests().stream().filter(r -> r.path().equals("/v1/oauth/token"))
        .findFirst().orElseThrow().json();
    assertThat(exchange.getString("code")).isEqualTo("fake-code");
    assertThat(exchange.getString("state")).isEqualTo(state);
    assertThat(routes()).contains("GET api.anthropic.com/api/oauth/profile")
        .noneMatch(r -> r.contains("/api/eval/"));

    JsonObject status = worker.http().get("/api/v1/providers/claude-code-cli/status").json();
    assertThat(status.getBoolean("loggedIn")).as(status.encode()).isTrue();
    assertThat(status.encode()).doesNotContain(CLAUDE_ACCESS_TOKEN);
  }

  @Test
  void claudeCodeRefusedByTheServerFailsTheLogin() throws Exception {
    signIn.exchange(Exchange.REFUSED);
    String state = awaitClaudeState();
    pasteCode("stale-code#" + state);
    JsonObject done = waitFor("claude-code-cli", "succeeded", "failed", "expired");
    assertThat(done.getString("state")).isEqualTo("failed");
    assertThat(done.getString("message")).startsWith("Login failed");
    JsonObject status = worker.http().get("/api/v1/providers/claude-code-cli/status").json();
    assertThat(status.getBoolean("loggedIn")).isFalse();
  }

  private void startLogin(String provider) {
    var answer = worker.http().send(HttpMethod.POST, "/api/v1/providers/" + provider + "/login", null, Map.of());
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
  }

  private String awaitClaudeState() throws InterruptedException {
    startLogin("claude-code-cli");
    JsonObject waiting = waitFor("claude-code-cli", "awaiting_user", "failed");
    assertThat(waiting.getString("state")).as(waiting.encode()).isEqualTo("awaiting_user");
    return waiting.getString("verificationUrl").replaceFirst(".*[?&]state=([^&]+).*", "$1");
  }

  private JsonObject pasteCode(String code) {
    var answer = worker.http().send(HttpMethod.POST, "/api/v1/providers/claude-code-cli/login/code",
        new JsonObject().put("code", code), Map.of());
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private List<String> routes() {
    return signIn.requests().stream().map(r -> r.method() + " " + r.headers().get("Host") + r.path()).toList();
  }

  private JsonObject waitFor(String provider, String... states) throws InterruptedException {
    return poll(provider, login -> List.of(states).contains(login.getString("state")), String.join("|", states));
  }

  private JsonObject waitForMessage(String provider, String fragment) throws InterruptedException {
    return poll(provider, login -> String.valueOf(login.getString("message")).contains(fragment), fragment);
  }

  private JsonObject poll(String provider, java.util.function.Predicate<JsonObject> done, String what)
      throws InterruptedException {
    try {
      return Eventually.value(provider + " login reached " + what, Duration.ofSeconds(40), () -> java.util.Optional.of(
          worker.http().get("/api/v1/providers/" + provider + "/login").json()).filter(done));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + worker.http().get("/api/v1/providers/" + provider + "/login")
          .body() + "\nrequests: " + routes(), e);
    }
  }
}
