package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.ConfigException;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.testing.FakeKubernetesApi;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ProviderExamples;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants a different canary secret through every source, drives every route including error
 * paths that carry the canaries in bad input, and searches every answer and every log line
 * (text and JSON) for them.
 */
class CanarySecretTest {
  private static final String FROM_ENV = "canary-env-openai-7f3a9c";
  private static final String FROM_FILE = "canary-file-anthropic-51be0d";
  private static final String FROM_SECRETS_DIR = "canary-dir-aws-9d2e44";
  private static final String FROM_CONFIGMAP = "canary-configmap-azure-c0ffee";
  private static final String FROM_UI = "canary-ui-bearer-a1b2c3d4";
  private static final String FROM_UI_SA = "canary-ui-sa-key-id-77aa";
  private static final String IN_BAD_INPUT = "canary-bad-input-e5e5e5";
  private static final String UI_TOKEN = "canary-ui-token-0123456789";
  private static final List<String> CANARIES = List.of(FROM_ENV, FROM_FILE, FROM_SECRETS_DIR, FROM_CONFIGMAP, FROM_UI,
      FROM_UI_SA, IN_BAD_INPUT, UI_TOKEN);

  @TempDir Path dir;

  @ParameterizedTest(name = "json logs: {0}")
  @ValueSource(booleans = {false, true})
  void noCanaryReachesAnAnswerOrALogLine(boolean jsonLogs) throws Exception {
    List<String> seen = new ArrayList<>();
    try (LogCapture log = new LogCapture(jsonLogs); FakeKubernetesApi api = new FakeKubernetesApi("kube-token-x")) {
      api.put("default", "worker", Map.of("AZURE_CLIENT_SECRET", FROM_CONFIGMAP));
      try (TestWorker w = TestWorker.start(env(api, jsonLogs))) {
        int before = Http.received().size();
        exercise(w);
        seen.addAll(Http.received().subList(before, Http.received().size()));
      }
      seen.add(log.output());
      assertThat(log.output()).contains("started: role=standalone");
      assertThat(log.output()).doesNotContain("has been blocked");
    }
    for (String canary : CANARIES) {
      for (String output : seen) {
        assertThat(output).as("output must not contain %s", canary).doesNotContain(canary);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void startupErrorsDoNotRepeatSecrets() throws Exception {
    Path file = Files.writeString(dir.resolve("dup"), FROM_FILE);
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_ANTHROPIC_API_KEY", FROM_ENV);
    env.put("JCA_ANTHROPIC_API_KEY_FILE", file.toString());
    env.put("JCA_VERTEX_SERVICE_ACCOUNT_JSON", "{\"type\": \"" + IN_BAD_INPUT + "\"}");
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestWorker.start(env));
    assertThat(e.problems()).hasSize(1); // duplicates stop loading before values are checked
    for (String canary : CANARIES) {
      assertThat(e.getMessage()).doesNotContain(canary);
    }
    env.remove("JCA_ANTHROPIC_API_KEY_FILE");
    var bad = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestWorker.start(env));
    assertThat(bad.getMessage()).contains("JCA_VERTEX_SERVICE_ACCOUNT_JSON from env: expected \"type\": \"service_account\"")
        .doesNotContain(IN_BAD_INPUT);
  }

  private Map<String, String> env(FakeKubernetesApi api, boolean jsonLogs) throws Exception {
    Path keyFile = Files.writeString(dir.resolve("anthropic-key-" + jsonLogs), FROM_FILE + "\n");
    Path secrets = Files.createDirectories(dir.resolve("secrets-" + jsonLogs));
    Files.writeString(secrets.resolve("AWS_SECRET_ACCESS_KEY"), FROM_SECRETS_DIR);
    Path kubeToken = Files.writeString(dir.resolve("kube-token"), "kube-token-x");
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data-" + jsonLogs));
    env.putAll(Map.of("JCA_OPENAI_API_KEY", FROM_ENV, "JCA_ANTHROPIC_API_KEY_FILE", keyFile.toString(),
        "JCA_WORKER_SECRETS_DIR", secrets.toString(), "JCA_WORKER_CONFIGMAP_NAME", "worker",
        "JCA_WORKER_KUBERNETES_API_URL", api.url(), "JCA_WORKER_KUBERNETES_TOKEN_FILE", kubeToken.toString(),
        "JCA_WORKER_UI_TOKEN", UI_TOKEN, "JCA_WORKER_LOG_LEVEL", "DEBUG",
        "JCA_WORKER_LOG_FORMAT", jsonLogs ? "json" : "text"));
    return env;
  }

  private static void exercise(TestWorker w) {
    Map<String, String> auth = Map.of("Authorization", "Bearer " + UI_TOKEN);
    Http http = w.http();
    String sa = ProviderExamples.serviceAccountJson("http://127.0.0.1:1/token").replace("test-kid-1", FROM_UI_SA);
    ok(http.put("/api/v1/providers/azure-foundry", new JsonObject().put("authMethod", "bearer_token").put("fields",
        new JsonObject().put("endpoint", "https://res.openai.azure.com").put("model", "gpt-4o").put("bearerToken", FROM_UI)), auth));
    ok(http.put("/api/v1/providers/vertex-ai", new JsonObject().put("authMethod", "service_account_json").put("fields",
        new JsonObject().put("projectId", "p").put("model", "gemini-2.5-pro").put("serviceAccountJson", sa)), auth));
    // Bad input carrying a canary, in every shape the API can refuse.
    http.put("/api/v1/providers/vertex-ai", new JsonObject().put("fields", new JsonObject()
        .put("serviceAccountJson", "{\"private_key\": \"" + IN_BAD_INPUT)), auth);
    http.put("/api/v1/providers/claude-api", new JsonObject().put("fields", new JsonObject()
        .put("apiKey", IN_BAD_INPUT + " with space").put("baseUrl", "ftp://" + IN_BAD_INPUT)), auth);
    http.put("/api/v1/providers/claude-api", "{\"fields\": {\"apiKey\": \"" + IN_BAD_INPUT, auth);
    http.put("/api/v1/providers/claude-api", new JsonObject().put("fields", new JsonObject()
        .put("modelAliases", new JsonObject().put("a", IN_BAD_INPUT + "\n"))), auth);
    http.put("/api/v1/providers/claude-api", new JsonObject().put("unknownProperty", IN_BAD_INPUT), auth);
    http.put("/api/v1/runtime-config", new JsonObject().put("tenantDefaultModel", IN_BAD_INPUT + "\u0007bell"), auth);
    http.put("/api/v1/providers/codex-api", new JsonObject().put("fields", new JsonObject().put("apiKey", "other-key-0000000")), auth);
    for (String path : List.of("/", "/api/v1/providers", "/api/v1/runtime-config", "/api/v1/worker", "/healthz",
        "/readyz", "/metrics", "/api/v1/no-such-route?token=" + IN_BAD_INPUT)) {
      http.get(path, auth);
    }
    ProviderCatalog.ids().forEach(id -> ok(http.get("/api/v1/providers/" + id, auth)));
    http.get("/api/v1/providers", Map.of("Authorization", "Bearer " + IN_BAD_INPUT));
  }

  private static void ok(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }
}
