package dev.mergeloom.worker.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job-facing gate: a provider is usable only with a passed self-test of its current settings. */
class ReadinessGateTest {
  @Test
  void theGateFollowsTheSelfTestOfTheCurrentSettings(@TempDir Path dir) {
    try (FakeProvider model = new FakeProvider(); TestWorker w = TestWorker.start(dir)) {
      SelfTestService selfTests = w.worker().context().selfTests();
      var providers = w.worker().context().providers();
      assertThat(selfTests.refusal(providers.get("claude-api").orElseThrow(), true)).get().asString()
          .contains("claude-api is not configured");

      w.putProvider("openai-compatible", new JsonObject().put("fields", new JsonObject()
          .put("baseUrl", model.url()).put("model", "m")));
      assertThat(selfTests.refusal(providers.get("openai-compatible").orElseThrow(), true)).get().asString()
          .contains("no passed self-test").contains("JCA_WORKER_REQUIRE_SELF_TEST=false");
      assertThat(selfTests.refusal(providers.get("openai-compatible").orElseThrow(), false)).isEmpty();

      model.respond(r -> Reply.json(200, WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok"))));
      w.http().send(HttpMethod.POST, "/api/v1/providers/openai-compatible/self-test", null, Map.of());
      assertThat(selfTests.refusal(providers.get("openai-compatible").orElseThrow(), true)).isEmpty();

      w.putProvider("openai-compatible", new JsonObject().put("fields", new JsonObject().put("model", "other")));
      assertThat(selfTests.refusal(providers.get("openai-compatible").orElseThrow(), true)).get().asString()
          .contains("they changed since the last one");
    }
  }

  @Test
  void resultsSurviveARestart(@TempDir Path dir) {
    try (FakeProvider model = new FakeProvider()) {
      model.respond(r -> Reply.json(200, WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok"))));
      try (TestWorker w = TestWorker.start(dir)) {
        w.putProvider("openai-compatible", new JsonObject().put("fields", new JsonObject()
            .put("baseUrl", model.url()).put("model", "m")));
        w.http().send(HttpMethod.POST, "/api/v1/providers/openai-compatible/self-test", null, Map.of());
      }
      try (TestWorker again = TestWorker.start(dir)) {
        JsonObject card = again.http().get("/api/v1/providers/openai-compatible").json();
        assertThat(card.getBoolean("ready")).isTrue();
        assertThat(card.getJsonObject("selfTest").getString("status")).isEqualTo("passed");
      }
    }
  }
}
