package dev.mergeloom.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI self-test: installed, logged in, and a trivial run judged from the event stream. */
class CliSelfTestTest {
  @TempDir Path dir;

  private TestWorker start() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", CliLoginTest.install(bin, "codex").toString());
    env.put("JCA_WORKER_CLAUDE_PATH", CliLoginTest.install(bin, "claude").toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", dir.resolve("codex-home").toString());
    env.put("JCA_WORKER_CLAUDE_CONFIG_DIR", dir.resolve("claude-config").toString());
    return TestWorker.start(env);
  }

  private static JsonObject selfTest(TestWorker w, String id) {
    return w.http().send(HttpMethod.POST, "/api/v1/providers/" + id + "/self-test", null, Map.of()).json();
  }

  private static String checks(JsonObject result) {
    return String.join(",", result.getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("name") + "=" + ((JsonObject) c).getString("status")).toList());
  }

  @Test
  void codexPassesOnlyWhenLoggedInAndTheRunCompletes() throws Exception {
    try (TestWorker w = start()) {
      JsonObject notLoggedIn = selfTest(w, "codex-cli");
      assertThat(notLoggedIn.getJsonObject("error").getString("code")).isEqualTo("not_logged_in");
      assertThat(checks(notLoggedIn)).isEqualTo("config=passed,installed=passed,credentials=failed,run=skipped");

      Files.writeString(dir.resolve("codex-home/auth.json"), "{\"auth_mode\":\"chatgpt\"}");
      JsonObject passed = selfTest(w, "codex-cli");
      assertThat(passed.getString("status")).as(passed.encodePrettily()).isEqualTo("passed");
      assertThat(checks(passed)).isEqualTo("config=passed,installed=passed,credentials=passed,run=passed");
      assertThat(w.http().get("/api/v1/providers/codex-cli").json().getBoolean("ready")).isTrue();

      Files.writeString(dir.resolve("codex-home/fake-exec"), "fail");
      JsonObject failed = selfTest(w, "codex-cli");
      assertThat(failed.getJsonObject("error").getString("code")).isEqualTo("run_failed");
      assertThat(failed.getJsonObject("error").getString("message")).contains("401 Unauthorized");
      assertThat(w.worker().context().processes().live()).isEmpty();
    }
  }

  @Test
  void claudeWithATokenNeedsNoLoginAndIsJudgedByItsResultEvent() throws Exception {
    try (TestWorker w = start()) {
      w.putProvider("claude-code-cli", new JsonObject().put("authMethod", "oauth_token")
          .put("fields", new JsonObject().put("oauthToken", "sk-ant-oat01-test-token-0002")));
      JsonObject passed = selfTest(w, "claude-code-cli");
      assertThat(passed.getString("status")).as(passed.encodePrettily()).isEqualTo("passed");
      Files.writeString(dir.resolve("claude-config/fake-exec"), "fail");
      JsonObject failed = selfTest(w, "claude-code-cli");
      assertThat(failed.getJsonObject("error").getString("message")).contains("Invalid API key");
      assertThat(failed.encode()).doesNotContain("sk-ant-oat01-test-token-0002");
    }
  }
}
