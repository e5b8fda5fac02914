package dev.mergeloom.worker.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.jobs.loop.JobTools;
import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies the self-test must report as what they are: a refusal (Chat and Responses), a prompt
 * Gemini blocked, reply headers larger than Vert.x's default, and an endpoint that refuses one of
 * the job's tool declarations, which the self-test declares too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfTestRepliesTest {
  private TestWorker worker;
  private FakeProvider api;

  @BeforeAll
  void start(@TempDir Path dir) {
    api = new FakeProvider();
    worker = TestWorker.start(dir);
    put("openai-compatible", new JsonObject().put("authMethod", "none").put("fields", new JsonObject()
        .put("baseUrl", api.url() + "/v1").put("model", "qwen3-coder")));
    put("codex-api", new JsonObject().put("authMethod", "api_key").put("fields", new JsonObject()
        .put("baseUrl", api.url() + "/v1").put("model", "gpt-5").put("apiKey", "selftest-replies-test-key")));
    put("vertex-ai", new JsonObject().put("authMethod", "access_token").put("fields", new JsonObject()
        .put("endpointMode", "raw-endpoint").put("accessToken", "ya29.selftest-replies").put("model", "gemini-2.5-pro")
        .put("endpointUrl", api.url() + "/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent")));
  }

  @AfterAll
  void stop() {
    worker.close();
    api.close();
  }

  private void put(String provider, JsonObject body) {
    Http.Response r = worker.putProvider(provider, body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  private JsonObject selfTest(String provider) {
    Http.Response run = worker.http().send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/providers/" + provider + "/self-test", null, Map.of());
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    return run.json();
  }

  private static String check(JsonObject result, String name) {
    return result.getJsonArray("checks").stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name))
        .findFirst().orElseThrow().getString("status");
  }

  @Test
  void aChatRefusalIsQuoted() {
    api.respond(r -> Reply.json(200, new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion")
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
            .put("message", new JsonObject().put("role", "assistant").putNull("content")
                .put("refusal", "I'm sorry, I cannot help with that request.")))).encode()));
    JsonObject result = selfTest("openai-compatible");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("refused");
    assertThat(result.getJsonObject("error").getString("message")).contains("I'm sorry, I cannot help with that request.");
  }

  @Test
  void aResponsesRefusalIsQuoted() {
    api.respond(r -> Reply.json(200, new JsonObject().put("id", "resp_1").put("object", "response").put("status", "completed")
        .put("output", new JsonArray().add(new JsonObject().put("type", "message").put("role", "assistant")
            .put("content", new JsonArray().add(new JsonObject().put("type", "refusal").put("refusal", "I can't do that.")))))
        .encode()));
    JsonObject result = selfTest("codex-api");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("refused");
    assertThat(result.getJsonObject("error").getString("message")).contains("I can't do that.");
  }

  @Test
  void aBlockedGeminiPromptIsABlockNotABadUrl() {
    api.respond(r -> Reply.json(200, "{\"promptFeedback\":{\"blockReason\":\"SAFETY\",\"safetyRatings\":[]},"
        + "\"usageMetadata\":{\"promptTokenCount\":12,\"totalTokenCount\":12},\"modelVersion\":\"gemini-2.5-pro\"}"));
    JsonObject result = selfTest("vertex-ai");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("refused");
    assertThat(result.getJsonObject("error").getString("message")).contains("blocked").contains("SAFETY")
        .doesNotContain("base URL");
    assertThat(check(result, "reachable")).isEqualTo("passed");
  }

  @Test
  void largeReplyHeadersAreReadAndTooLargeOnesAreAReachedServer() {
    String call = WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok").encode());
    api.respond(r -> Reply.json(200, call).header("x-gateway-trace", "t".repeat(20_000)));
    JsonObject result = selfTest("openai-compatible");
    assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
    assertThat(result.getInteger("toolsDeclared")).isEqualTo(JobTools.specs().size() + 1);

    api.respond(r -> Reply.json(200, call).header("x-gateway-trace", "t".repeat(100_000)));
    JsonObject tooLarge = selfTest("openai-compatible");
    assertThat(tooLarge.getJsonObject("error").getString("code")).as(tooLarge.encodePrettily()).isEqualTo("bad_response");
    assertThat(tooLarge.getJsonObject("error").getString("message")).contains("headers larger than 64 KiB");
    assertThat(check(tooLarge, "reachable")).isEqualTo("passed");
  }

  @Test
  void anEndpointThatRefusesAJobToolFailsTheSelfTest() {
    // As a strict server does with a declaration it cannot take: the job would fail on its first turn.
    api.respond(r -> r.json().encode().contains("\"run_command\"")
        ? Reply.json(400, "{\"error\":{\"message\":\"Invalid schema for function 'run_command': arrays are not supported\","
            + "\"type\":\"invalid_request_error\",\"param\":\"tools[5].function.parameters\"}}")
        : Reply.json(200, WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok").encode())));
    JsonObject result = selfTest("openai-compatible");
    assertThat(result.getString("status")).isEqualTo("failed");
    assertThat(result.getJsonObject("error").getString("message")).contains("Invalid schema for function 'run_command'");
    assertThat(check(result, "tool_call")).isEqualTo("failed");
  }
}
