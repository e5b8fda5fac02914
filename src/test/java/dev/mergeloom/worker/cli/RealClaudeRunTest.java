package dev.mergeloom.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.AnthropicSse;
import dev.mergeloom.worker.testing.RealClis;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI's self-test run against a local fake of the Messages API
 * ({@code ANTHROPIC_BASE_URL}), answering with Anthropic's server-sent events.
 */
class RealClaudeRunTest {
  private static final String KEY = "sk-ant-test-run-key-000000000001";

  @Test
  void theSelfTestRunCompletesAgainstAFakeMessagesApi(@TempDir Path dir) throws Exception {
    RealClis.assumeInstalled();
    Vertx vertx = Vertx.vertx();
    List<String> seen = new CopyOnWriteArrayList<>();
    try {
      HttpServer fake = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
        seen.add(req.method() + " " + req.uri() + " key=" + KEY.equals(req.getHeader("x-api-key")));
        if (req.method() == io.vertx.core.http.HttpMethod.POST && req.path().equals("/v1/messages")) {
          req.response().putHeader("Content-Type", "text/event-stream").end(AnthropicSse.text("ok"));
        } else {
          req.response().setStatusCode(200).end();
        }
      })).listen(0, "127.0.0.1").await();
      Map<String, String> env = RealClis.isolatedEnv(dir);
      env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + fake.actualPort());
      try (TestWorker w = TestWorker.start(env)) {
        w.putProvider("claude-code-cli", new JsonObject().put("authMethod", "api_key")
            .put("fields", new JsonObject().put("apiKey", KEY).put("model", "claude-sonnet-4-5")));
        JsonObject result = w.http().send(HttpMethod.POST, "/api/v1/providers/claude-code-cli/self-test", null, Map.of()).json();
        assertThat(result.getString("status")).as(result.encodePrettily() + "\n" + seen).isEqualTo("passed");
        assertThat(seen).anySatisfy(s -> assertThat(s).startsWith("POST /v1/messages").endsWith("key=true"));
        assertThat(result.encode()).doesNotContain(KEY);
      }
    } finally {
      vertx.close().await();
    }
  }
}
