package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ui and provisioned modes (contract §2.1): locks, sources, and refused writes. */
class ConfigModesTest {
  @TempDir Path dir;

  private Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.putAll(extra);
    return env;
  }

  private static JsonObject field(TestWorker w, String provider, String key) {
    return w.http().get("/api/v1/providers/" + provider).json().getJsonObject("fields").getJsonObject(key);
  }

  @Test
  void uiModeShowsDeploymentValuesLockedWithTheirSource() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("anthropic-key"), "sk-ant-from-file-000111\n");
    Path secrets = Files.createDirectory(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("AWS_SECRET_ACCESS_KEY"), "aws-secret-from-dir-000");
    try (TestWorker w = TestWorker.start(env(Map.of("JCA_OPENAI_MODEL", "gpt-env",
        "JCA_ANTHROPIC_API_KEY_FILE", keyFile.toString(), "JCA_WORKER_SECRETS_DIR", secrets.toString())))) {
      assertThat(field(w, "codex-api", "model")).isEqualTo(new JsonObject().put("value", "gpt-env")
          .put("source", "env").put("locked", true).put("variable", "JCA_OPENAI_MODEL"));
      assertThat(field(w, "claude-api", "apiKey")).isEqualTo(new JsonObject().put("set", true).put("hint", "…0111")
          .put("source", "file").put("locked", true).put("variable", "JCA_ANTHROPIC_API_KEY"));
      assertThat(field(w, "aws-bedrock", "secretAccessKey").getString("source")).isEqualTo("secrets-dir");
    }
  }

  @Test
  void uiModeRefusesToOverrideALockedFieldButAcceptsTheRest() {
    try (TestWorker w = TestWorker.start(env(Map.of("JCA_OPENAI_MODEL", "gpt-env", "JCA_VERTEX_AUTH_METHOD", "adc")))) {
      Http.Response refused = w.putProvider("codex-api", new JsonObject().put("fields",
          new JsonObject().put("model", "gpt-ui").put("apiKey", "sk-test-ui-000111222")));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.fieldErrors()).containsEntry("fields.model",
          "locked: set by the deployment (env JCA_OPENAI_MODEL); change it there");

      Http.Response accepted = w.putProvider("codex-api", new JsonObject().put("fields",
          new JsonObject().put("apiKey", "sk-test-ui-000111222")));
      assertThat(accepted.status()).isEqualTo(200);
      assertThat(accepted.json().getBoolean("configured")).isTrue();
      assertThat(accepted.json().getJsonObject("fields").getJsonObject("model").getString("value")).isEqualTo("gpt-env");

      Http.Response method = w.putProvider("vertex-ai", new JsonObject().put("authMethod", "access_token"));
      assertThat(method.fieldErrors()).containsEntry("authMethod",
          "locked: set by the deployment (env JCA_VERTEX_AUTH_METHOD); change it there");
      JsonObject vertex = w.http().get("/api/v1/providers/vertex-ai").json();
      assertThat(vertex.getString("authMethod")).isEqualTo("adc");
      assertThat(vertex.getBoolean("authMethodLocked")).isTrue();
    }
  }

  @Test
  void provisionedModeRefusesWritesWith409AndIgnoresTheUiStore() {
    Path data = dir.resolve("data");
    try (TestWorker ui = TestWorker.start(env(Map.of()))) {
      assertThat(ui.putProvider("codex-api", new JsonObject().put("fields", new JsonObject()
          .put("model", "gpt-stored").put("apiKey", "sk-test-stored-000111"))).status()).isEqualTo(200);
    }
    try (TestWorker w = TestWorker.start(env(Map.of("JCA_PROVIDER_CONFIG_MODE", "provisioned",
        "JCA_ANTHROPIC_MODEL", "claude-env", "JCA_ANTHROPIC_API_KEY", "sk-ant-env-000111222")))) {
      for (Http.Response r : new Http.Response[] {
          w.putProvider("codex-api", new JsonObject().put("fields", new JsonObject().put("model", "x"))),
          w.http().delete("/api/v1/providers/codex-api")}) {
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().getJsonObject("error").getString("code")).isEqualTo("read_only");
        assertThat(r.json().getJsonObject("error").getString("message")).contains("JCA_PROVIDER_CONFIG_MODE=provisioned");
      }
      JsonObject codex = w.http().get("/api/v1/providers/codex-api").json();
      assertThat(codex.getJsonObject("fields").getJsonObject("model").getValue("value")).isNull();
      assertThat(codex.getBoolean("configured")).isFalse();
      JsonObject claude = w.http().get("/api/v1/providers/claude-api").json();
      assertThat(claude.getBoolean("configured")).isTrue();
      assertThat(w.http().get("/api/v1/worker").json().getString("providerConfigMode")).isEqualTo("provisioned");
    }
    assertThat(data.resolve("provider-config.db")).exists();
  }

  @Test
  void runtimeConfigDefaultsWritesAndValidation() {
    try (TestWorker w = TestWorker.start(env(Map.of("JCA_WORKER_MAX_CONCURRENT_JOBS", "8")))) {
      JsonObject initial = w.http().get("/api/v1/runtime-config").json();
      assertThat(initial.getJsonArray("allowedCommands")).isEqualTo(new JsonArray().add("git").add("rg").add("pytest")
          .add("python").add("python3"));
      assertThat(initial.getInteger("commandTimeoutSeconds")).isEqualTo(300);
      assertThat(initial.getInteger("maxConcurrentJobs")).isEqualTo(8);
      assertThat(initial.getJsonObject("sources").getJsonObject("maxConcurrentJobs").getBoolean("locked")).isTrue();
      assertThat(initial.getBoolean("requireSelfTest")).isTrue();

      JsonObject updated = w.http().put("/api/v1/runtime-config", new JsonObject().put("maxRepairAttempts", 5)
          .put("allowedCommands", new JsonArray().add("git").add("npm")).put("tenantDefaultProvider", "claude-api")).json();
      assertThat(updated.getInteger("maxRepairAttempts")).isEqualTo(5);
      assertThat(updated.getJsonArray("allowedCommands")).containsExactly("git", "npm");
      assertThat(updated.getJsonObject("sources").getJsonObject("maxRepairAttempts").getString("source")).isEqualTo("ui");
      assertThat(updated.getInteger("commandTimeoutSeconds")).isEqualTo(300);

      Http.Response bad = w.http().put("/api/v1/runtime-config", new JsonObject()
          .put("allowedCommands", new JsonArray().add("git").add("/bin/sh"))
          .put("commandTimeoutSeconds", 0).put("requireSelfTest", "yes").put("tenantDefaultProvider", "gpt-9")
          .put("maxConcurrentJobs", 9).put("colour", "blue"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.fieldErrors()).containsOnlyKeys("allowedCommands", "commandTimeoutSeconds", "requireSelfTest",
          "tenantDefaultProvider", "maxConcurrentJobs", "colour");
      assertThat(bad.fieldErrors().get("commandTimeoutSeconds")).isEqualTo("expected a whole number from 1 to 86400");
      assertThat(bad.fieldErrors().get("maxConcurrentJobs")).contains("locked");
      assertThat(w.http().get("/api/v1/runtime-config").json().getInteger("maxRepairAttempts")).isEqualTo(5);

      JsonObject reset = w.http().put("/api/v1/runtime-config", new JsonObject().putNull("maxRepairAttempts")).json();
      assertThat(reset.getInteger("maxRepairAttempts")).isEqualTo(2);
      assertThat(reset.getJsonObject("sources").getJsonObject("maxRepairAttempts").getString("source")).isEqualTo("default");
    }
  }

  @Test
  void provisionedRuntimeConfigRefusesWrites() {
    try (TestWorker w = TestWorker.start(env(Map.of("JCA_WORKER_RUNTIME_CONFIG_MODE", "provisioned")))) {
      Http.Response r = w.http().put("/api/v1/runtime-config", new JsonObject().put("maxRepairAttempts", 1));
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("JCA_WORKER_RUNTIME_CONFIG_MODE=provisioned");
      // Provider settings stay writable: the two modes are independent.
      assertThat(w.putProvider("codex-cli", new JsonObject().put("authMethod", "cli_login")).status()).isEqualTo(200);
    }
  }
}
