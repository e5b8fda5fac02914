package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model field offers what the endpoint lists: {@code GET {baseUrl}/models} through the
 * provider's own client (its auth header included), on the API and on the provider page; an
 * endpoint without a list gives a reason, not an error page.
 */
class ModelListTest {
  private static final String KEY = "canary-models-test-key";
  // The shape of OpenAI's ListModelsResponse (and what vLLM, Ollama and LM Studio answer).
  private static final String MODELS = """
      {"object":"list","data":[
        {"id":"qwen3-coder:30b","object":"model","created":1730000000,"owned_by":"library"},
        {"id":"llama3.1:8b","object":"model","created":1720000000,"owned_by":"library"}]}""";

  @Test
  void theEndpointsModelsAreListedThroughTheProvidersClient(@TempDir Path dir) {
    try (FakeProvider fake = new FakeProvider(); TestWorker w = TestWorker.start(dir)) {
      fake.respond(r -> r.path().equals("/v1/models") ? Reply.json(200, MODELS)
          : Reply.json(404, "{\"error\":{\"message\":\"no route\"}}"));
      Http.Response put = w.putProvider("openai-compatible", new JsonObject().put("authMethod", "bearer")
          .put("fields", new JsonObject().put("baseUrl", fake.url() + "/v1").put("apiKey", KEY).put("model", "x")));
      assertThat(put.status()).as(put.body()).isEqualTo(200);

      Http.Response list = w.http().get("/api/v1/providers/openai-compatible/models");
      assertThat(list.status()).as(list.body()).isEqualTo(200);
      assertThat(list.json().getJsonArray("models")).containsExactly("llama3.1:8b", "qwen3-coder:30b");
      FakeProvider.Recorded sent = fake.last();
      assertThat(sent.method()).isEqualTo("GET");
      assertThat(sent.headers().get("Authorization")).isEqualTo("Bearer " + KEY);

      String page = w.http().get("/providers/openai-compatible?models=1").body();
      assertThat(page).contains("<datalist id=\"f-model-models\">").contains("<option value=\"qwen3-coder:30b\">")
          .contains("2 models listed by the endpoint").contains("list=\"f-model-models\"").doesNotContain(KEY);
      assertThat(w.http().get("/providers/openai-compatible").body())
          .as("offered as a link, not fetched on every page view").contains("id=\"f-model-list-models\"")
          .doesNotContain("<datalist id=\"f-model-models\">");
    }
  }

  @Test
  void anEndpointWithoutAListSaysWhy(@TempDir Path dir) {
    try (FakeProvider fake = new FakeProvider(); TestWorker w = TestWorker.start(dir)) {
      fake.respond(r -> Reply.json(404, "{\"error\":{\"message\":\"Unknown request URL: GET /v1/models\"}}"));
      w.putProvider("openai-compatible", new JsonObject().put("authMethod", "none")
          .put("fields", new JsonObject().put("baseUrl", fake.url() + "/v1").put("model", "x")));
      Http.Response list = w.http().get("/api/v1/providers/openai-compatible/models");
      assertThat(list.status()).isEqualTo(422);
      assertThat(list.json().getJsonObject("error").getString("code")).isEqualTo("models_unavailable");
      assertThat(list.json().getJsonObject("error").getString("message")).contains("Unknown request URL");
      assertThat(w.http().get("/providers/openai-compatible?models=1").body())
          .contains("No model list: HTTP 404");
      assertThat(w.http().get("/api/v1/providers/codex-cli/models").status()).isEqualTo(422);
    }
  }
}
