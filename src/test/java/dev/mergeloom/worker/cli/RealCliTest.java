package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.RealClis;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real npm CLIs (pinned, installed by scripts/test.sh) with throwaway config directories.
 * Their proxy is a closed loopback port, so whatever they try to reach fails on this machine and
 * nothing leaves it.
 */
class RealCliTest {
  @TempDir Path dir;
  private TestWorker worker;

  @BeforeEach
  void start() throws Exception {
    RealClis.assumeInstalled();
    worker = TestWorker.start(RealClis.isolatedEnv(dir));
  }

  @AfterEach
  void stop() {
    if (worker != null) {
      var processes = worker.worker().context().processes();
      worker.close();
      assertThat(processes.live()).isEmpty();
    }
  }

  private JsonObject waitFor(String provider, String... states) throws InterruptedException {
    return Eventually.value(provider + " login reached " + String.join("|", states), Duration.ofSeconds(40), () -> {
      JsonObject login = worker.http().get("/api/v1/providers/" + provider + "/login").json();
      return java.util.Optional.of(login).filter(l -> java.util.List.of(states).contains(l.getString("state")));
    });
  }

  @Test
  void statusOfFreshConfigDirectoriesIsLoggedOut() {
    JsonObject codex = worker.http().get("/api/v1/providers/codex-cli/status").json();
    assertThat(codex.getBoolean("installed")).isTrue();
    assertThat(codex.getString("version")).isEqualTo("codex-cli 0.169.0");
    assertThat(codex.getBoolean("loggedIn")).as(codex.encode()).isFalse();
    JsonObject claude = worker.http().get("/api/v1/providers/claude-code-cli/status").json();
    assertThat(claude.getString("version")).startsWith("2.1.197");
    assertThat(claude.getBoolean("loggedIn")).as(claude.encode()).isFalse();
  }

  @Test
  void codexApiKeyLoginThenStatusShowsAnApiKey() throws Exception {
    worker.putProvider("codex-cli", new JsonObject().put("authMethod", "api_key")
        .put("fields", new JsonObject().put("apiKey", "sk-test-real-cli-0000000000000056789")));
    worker.http().send(HttpMethod.POST, "/api/v1/providers/codex-cli/login", null, Map.of());
    assertThat(waitFor("codex-cli", "succeeded", "failed").getString("state")).isEqualTo("succeeded");
    JsonObject status = worker.http().get("/api/v1/providers/codex-cli/status").json();
    assertThat(status.getBoolean("loggedIn")).as(status.encode()).isTrue();
    assertThat(status.getString("method")).isEqualTo("API key");
    assertThat(status.encode()).doesNotContain("sk-test-real-cli-0000000000000056789");
  }

  @Test
  void codexDeviceLoginFailsCleanlyWhenTheSignInServiceCannotBeReached() throws Exception {
    worker.http().send(HttpMethod.POST, "/api/v1/providers/codex-cli/login", null, Map.of());
    JsonObject failed = waitFor("codex-cli", "failed", "expired");
    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getString("message")).startsWith("Error logging in");
  }

  @Test
  void claudeLoginShowsTheSignInUrlAndCancelEndsTheProcess() throws Exception {
    worker.http().send(HttpMethod.POST, "/api/v1/providers/claude-code-cli/login", null, Map.of());
    JsonObject waiting = waitFor("claude-code-cli", "awaiting_user", "failed");
    assertThat(waiting.getString("state")).as(waiting.encode()).isEqualTo("awaiting_user");
    assertThat(waiting.getString("verificationUrl")).matches("https://\\S+/oauth/authorize\\?\\S+");
    JsonObject cancelled = worker.http().delete("/api/v1/providers/claude-code-cli/login").json();
    assertThat(cancelled.getString("state")).isEqualTo("cancelled");
    assertThat(worker.worker().context().processes().live()).isEmpty();
  }
}
