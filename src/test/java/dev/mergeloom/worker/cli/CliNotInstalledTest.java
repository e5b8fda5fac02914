package dev.mergeloom.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing CLI is reported with the install command; nothing crashes. */
class CliNotInstalledTest {
  @Test
  void statusAndLoginSayTheCliIsMissing(@TempDir Path dir) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", dir.resolve("no-such-codex").toString());
    env.put("JCA_WORKER_CLAUDE_PATH", dir.resolve("no-such-claude").toString());
    env.put("PATH", dir.toString()); // nothing on PATH either
    try (TestWorker w = TestWorker.start(env)) {
      JsonObject status = w.http().get("/api/v1/providers/codex-cli/status").json();
      assertThat(status.getBoolean("installed")).isFalse();
      assertThat(status.getString("detail")).contains("npm install -g @openai/codex");
      JsonObject claude = w.http().get("/api/v1/providers/claude-code-cli/status").json();
      assertThat(claude.getBoolean("installed")).isFalse();
      var login = w.http().send(HttpMethod.POST, "/api/v1/providers/codex-cli/login", null, Map.of());
      assertThat(login.status()).isEqualTo(422);
      assertThat(login.json().getJsonObject("error").getString("message")).contains("codex is not installed");
    }
  }
}
