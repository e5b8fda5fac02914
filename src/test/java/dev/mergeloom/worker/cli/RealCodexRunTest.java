package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.testing.Eventually;
import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.RealClis;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI's self-test run against a local fake Responses API, configured as a
 * custom model provider in CODEX_HOME/config.toml (as an operator would point Codex elsewhere).
 */
class RealCodexRunTest {
  private static final String KEY = "sk-test-codex-run-00000000000000000001";

  private static String sse(JsonObject data) {
    return "event: " + data.getString("type") + "\ndata: " + data.encode() + "\n\n";
  }

  static String textReply(String text) {
    JsonObject message = new JsonObject().put("type", "message").put("id", "msg_fake").put("role", "assistant")
        .put("status", "completed").put("content", new JsonArray().add(new JsonObject().put("type", "output_text")
            .put("text", text).put("annotations", new JsonArray())));
    JsonObject response = new JsonObject().put("id", "resp_fake").put("object", "response").put("model", "gpt-5.5");
    return sse(new JsonObject().put("type", "response.created").put("response", response.copy().put("status", "in_progress")
        .put("output", new JsonArray())))
        + sse(new JsonObject().put("type", "response.output_item.added").put("output_index", 0).put("item", message))
        + sse(new JsonObject().put("type", "response.output_item.done").put("output_index", 0).put("item", message))
        + sse(new JsonObject().put("type", "response.completed").put("response", response.copy().put("status", "completed")
            .put("output", new JsonArray().add(message)).put("usage", new JsonObject().put("input_tokens", 10)
                .put("input_tokens_details", new JsonObject().put("cached_tokens", 0)).put("output_tokens", 2)
                .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0)).put("total_tokens", 12))));
  }

  /** A Responses API that answers every POST .../responses with {@code text}; {@code seen} gets each request. */
  private static HttpServer fakeResponses(Vertx vertx, List<String> seen, String text) {
    return vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      seen.add(req.method() + " " + req.uri() + " auth=" + ("Bearer " + KEY).equals(req.getHeader("Authorization")));
      if (req.method() == HttpMethod.POST && req.path().endsWith("/responses")) {
        req.response().putHeader("Content-Type", "text/event-stream").end(textReply(text));
      } else {
        req.response().setStatusCode(404).end();
      }
    })).listen(0, "127.0.0.1").await();
  }

  /** The worker's environment with a Codex config whose model provider is the fake. */
  private static Map<String, String> codexEnv(Path dir, HttpServer fake) throws java.io.IOException {
    Map<String, String> env = RealClis.isolatedEnv(dir);
    Path codexHome = Path.of(env.get("JCA_WORKER_CLI_CONFIG_DIR"));
    Files.writeString(codexHome.resolve("config.toml"), "model_provider = \"local\"\n\n[model_providers.local]\n"
        + "name = \"Local\"\nbase_url = \"http://127.0.0.1:" + fake.actualPort() + "/v1\"\nwire_api = \"responses\"\n"
        + "requires_openai_auth = true\n");
    return env;
  }

  @Test
  void theSelfTestRunCompletesAgainstAFakeResponsesApi(@TempDir Path dir) throws Exception {
    RealClis.assumeInstalled();
    Vertx vertx = Vertx.vertx();
    List<String> seen = new CopyOnWriteArrayList<>();
    try {
      HttpServer fake = fakeResponses(vertx, seen, "ok");
      Map<String, String> env = codexEnv(dir, fake);
      env.put("JCA_WORKER_SELF_TEST_TIMEOUT_SECONDS", "40");
      try (TestWorker w = TestWorker.start(env)) {
        w.putProvider("codex-cli", new JsonObject().put("authMethod", "api_key")
            .put("fields", new JsonObject().put("apiKey", KEY).put("model", "gpt-5.5")));
        w.http().send(HttpMethod.POST, "/api/v1/providers/codex-cli/login", null, Map.of());
        Eventually.until("the API-key login succeeded", Duration.ofSeconds(20), () -> "succeeded".equals(
            w.http().get("/api/v1/providers/codex-cli/login").json().getString("state")));
        JsonObject result = w.http().send(HttpMethod.POST, "/api/v1/providers/codex-cli/self-test", null, Map.of()).json();
        assertThat(result.getString("status")).as(result.encodePrettily() + "\n" + seen).isEqualTo("passed");
        assertThat(seen).anySatisfy(s -> assertThat(s).startsWith("POST /v1/responses").endsWith("auth=true"));
        assertThat(result.encode()).doesNotContain(KEY);
      }
    } finally {
      vertx.close().await();
    }
  }

  /**
   * In a job the real codex runs in the sandbox, which has no network: it reaches the endpoint
   * of its config.toml through the job's egress proxy only, and the job's events show that.
   */
  @Test
  void inAJobCodexReachesItsEndpointThroughTheEgressProxy(@TempDir Path dir) throws Exception {
    RealClis.assumeInstalled();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    Vertx vertx = Vertx.vertx();
    List<String> seen = new CopyOnWriteArrayList<>();
    try {
      HttpServer fake = fakeResponses(vertx, seen, "Nothing needs changing.");
      Map<String, String> env = codexEnv(dir, fake);
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      Path repo = dev.mergeloom.worker.testing.GitRepos.create(dir.resolve("repo"),
          dev.mergeloom.worker.testing.GitRepos.calculator());
      try (TestWorker w = TestWorker.start(env)) {
        w.putProvider("codex-cli", new JsonObject().put("authMethod", "api_key")
            .put("fields", new JsonObject().put("apiKey", KEY).put("model", "gpt-5.5")));
        JsonObject envelope = new JsonObject().put("ticket", new JsonObject().put("key", "CDX-1").put("title", "Look")
            .put("description", "Say whether anything needs changing."))
            .put("repositories", new io.vertx.core.json.JsonArray().add(new JsonObject().put("alias", "app")
                .put("path", repo.toString()).put("role", "work").put("validationMode", "off")))
            .put("directives", new JsonObject().put("provider", "codex-cli"));
        var submitted = w.http().send(HttpMethod.POST, "/api/v1/jobs", envelope, Map.of());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().getString("id");
        JsonObject job = Eventually.value("the codex job ended", Duration.ofSeconds(120), () -> java.util.Optional.of(
            w.http().get("/api/v1/jobs/" + id).json()).filter(j -> List.of("completed", "failed", "cancelled")
                .contains(j.getString("state"))));
        assertThat(job.getString("state")).as(job.encodePrettily() + "\n" + seen).isEqualTo("completed");
        assertThat(seen).anySatisfy(s -> assertThat(s).startsWith("POST /v1/responses"));
        assertThat(w.http().get("/api/v1/jobs/" + id + "/events").body()).contains("network.allowed")
            .contains("\"port\":" + fake.actualPort());
      }
    } finally {
      vertx.close().await();
    }
  }
}
