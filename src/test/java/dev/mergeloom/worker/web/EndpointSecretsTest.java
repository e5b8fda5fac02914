package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored key never follows a changed endpoint: moving the base URL without giving the key again
 * is refused and changes nothing, so a listener at a new URL never receives the stored key; a key
 * the deployment gave keeps its endpoint.
 */
class EndpointSecretsTest {
  private static final String KEY = "canary-endpoint-test-key";

  @Test
  void aChangedBaseUrlAsksForTheKeyAgainAndNothingReachesTheNewUrl(@TempDir Path dir) {
    try (FakeProvider real = new FakeProvider();
        FakeProvider listener = new FakeProvider();
        TestWorker w = TestWorker.start(dir)) {
      real.respond(r -> Reply.json(200, WireFake.ANTHROPIC.call("report_status", new JsonObject().put("status", "ok"))));
      listener.respond(r -> Reply.json(200, WireFake.ANTHROPIC.call("report_status", new JsonObject().put("status", "ok"))));
      assertThat(w.putProvider("claude-api", new JsonObject().put("authMethod", "api_key").put("fields", new JsonObject()
          .put("baseUrl", real.url()).put("model", "claude-sonnet-4-5").put("apiKey", KEY))).status()).isEqualTo(200);

      Http.Response moved = w.putProvider("claude-api", new JsonObject().put("fields", new JsonObject()
          .put("baseUrl", listener.url())));
      assertThat(moved.status()).isEqualTo(400);
      assertThat(moved.body()).contains("fields.apiKey").contains("the Base URL changed, so the stored API key")
          .doesNotContain(KEY);
      JsonObject card = w.http().get("/api/v1/providers/claude-api").json();
      assertThat(card.getJsonObject("fields").getJsonObject("baseUrl").getString("value")).isEqualTo(real.url());
      assertThat(card.getJsonObject("fields").getJsonObject("apiKey").getBoolean("set")).isTrue();

      assertThat(w.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/providers/claude-api/self-test", null,
          Map.of()).json().getString("status")).isEqualTo("passed");
      assertThat(listener.requests()).isEmpty();
      assertThat(real.last().headers().get("x-api-key")).isEqualTo(KEY);

      // With the key given again the move is the operator's, and the new endpoint gets the new key.
      assertThat(w.putProvider("claude-api", new JsonObject().put("fields", new JsonObject()
          .put("baseUrl", listener.url()).put("apiKey", "second-test-key-not-a-secret"))).status()).isEqualTo(200);
      w.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/providers/claude-api/self-test", null, Map.of());
      assertThat(listener.last().headers().get("x-api-key")).isEqualTo("second-test-key-not-a-secret");
      assertThat(listener.requests()).noneMatch(r -> r.headers().toString().contains(KEY));
    }
  }

  @Test
  void aKeyFromTheDeploymentKeepsItsEndpoint(@TempDir Path dir) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_ANTHROPIC_API_KEY", KEY);
    try (TestWorker w = TestWorker.start(env)) {
      Http.Response moved = w.putProvider("claude-api", new JsonObject().put("fields", new JsonObject()
          .put("baseUrl", "http://127.0.0.1:9/elsewhere").put("model", "claude-sonnet-4-5")));
      assertThat(moved.status()).isEqualTo(400);
      assertThat(moved.body()).contains("fields.baseUrl").contains("comes from the deployment (JCA_ANTHROPIC_API_KEY)")
          .doesNotContain(KEY);
    }
  }
}
