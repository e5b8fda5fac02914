package dev.mergeloom.worker.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeKubernetesApi;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings from a Kubernetes ConfigMap, read through vertx-config against a local fake API server. */
class ConfigMapSourceTest {
  private static final String TOKEN = "test-service-account-token";
  @TempDir Path dir;
  private FakeKubernetesApi api;

  @BeforeEach
  void startApi() {
    api = new FakeKubernetesApi(TOKEN);
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private Map<String, String> env(String configMapName) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CONFIGMAP_NAME", configMapName);
    env.put("JCA_WORKER_CONFIGMAP_NAMESPACE", "agents");
    env.put("JCA_WORKER_KUBERNETES_API_URL", api.url());
    env.put("JCA_WORKER_KUBERNETES_TOKEN_FILE", token.toString());
    return env;
  }

  @Test
  void configMapValuesReachTheApiLockedWithSourceConfigmap() throws Exception {
    api.put("agents", "worker-config", Map.of("JCA_OPENAI_MODEL", "gpt-5-codex", "JCA_WORKER_MAX_REPAIR_ATTEMPTS", "4",
        "JCA_BEDROCK_REGION", "eu-central-1"));
    try (TestWorker w = TestWorker.start(env("worker-config"))) {
      JsonObject model = w.http().get("/api/v1/providers/codex-api").json().getJsonObject("fields").getJsonObject("model");
      assertThat(model.getString("value")).isEqualTo("gpt-5-codex");
      assertThat(model.getString("source")).isEqualTo("configmap");
      assertThat(model.getBoolean("locked")).isTrue();
      JsonObject runtime = w.http().get("/api/v1/runtime-config").json();
      assertThat(runtime.getInteger("maxRepairAttempts")).isEqualTo(4);
      assertThat(runtime.getJsonObject("sources").getJsonObject("maxRepairAttempts").getString("source")).isEqualTo("configmap");
    }
    assertThat(api.requests()).containsExactly("GET /api/v1/namespaces/agents/configmaps/worker-config auth=Bearer " + TOKEN);
  }

  @Test
  void aValueInBothTheConfigMapAndTheEnvironmentStopsStartup() throws Exception {
    api.put("agents", "worker-config", Map.of("JCA_OPENAI_MODEL", "gpt-5-codex"));
    Map<String, String> env = env("worker-config");
    env.put("JCA_OPENAI_MODEL", "gpt-4.1");
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestWorker.start(env));
    assertThat(e).hasMessageContaining("JCA_OPENAI_MODEL is given by both env and configmap agents/worker-config");
  }

  @Test
  void aMissingConfigMapStopsStartupNamingIt() throws Exception {
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestWorker.start(env("absent")));
    assertThat(e).hasMessageContaining("JCA_WORKER_CONFIGMAP_NAME: cannot read the ConfigMap agents/absent");
  }

  @Test
  void badValuesInTheConfigMapStopStartupLikeAnyOtherSource() throws Exception {
    api.put("agents", "worker-config", Map.of("JCA_WORKER_COMMAND_TIMEOUT_SECONDS", "forever"));
    var e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> TestWorker.start(env("worker-config")));
    assertThat(e).hasMessageContaining("JCA_WORKER_COMMAND_TIMEOUT_SECONDS from configmap agents/worker-config: "
        + "expected a whole number from 1 to 86400");
  }
}
