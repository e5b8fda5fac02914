package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.AnthropicSse;
import dev.mergeloom.worker.testing.FakeClis;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.RealClis;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on the CLI providers: the CLI is the loop, run in the workspace; its events become the
 * job's, success comes from them, and the worker validates and commits as for API providers.
 */
class CliJobTest {
  @TempDir Path dir;

  /** A worker whose codex is the fake CLI, told how its exec behaves ({@code edit} or {@code fail}). */
  private TestWorker workerWithFakeCodex(String execMode) throws Exception {
    Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
    Files.writeString(codexHome.resolve("fake-exec"), execMode);
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", FakeClis.install(dir.resolve("bin"), "codex").toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", codexHome.toString());
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    return TestWorker.start(env);
  }

  @Test
  void codexExecFixesTheRepositoryAndTheWorkerValidatesAndCommits() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (TestWorker worker = workerWithFakeCodex("edit")) {
      assertThat(worker.putProvider("codex-cli", new JsonObject().put("authMethod", "cli_login")
          .put("fields", new JsonObject().put("model", "gpt-5.5"))).status()).isEqualTo(200);
      JsonObject envelope = JobTesting.envelope("CLI-1", repo, List.of("python3 -m unittest -q"), "required")
          .put("directives", new JsonObject().put("provider", "codex-cli"));
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, envelope), Duration.ofSeconds(60));

      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      JsonObject result = job.getJsonObject("result");
      assertThat(result.getString("summary")).isEqualTo("Fixed add() to add.");
      assertThat(result.getString("diff")).contains("+    return a + b");
      assertThat(result.getJsonArray("validation").getJsonObject(0).getBoolean("passed")).isTrue();
      JsonObject stage = result.getJsonArray("stages").getJsonObject(0);
      assertThat(stage.getLong("inputTokens")).isEqualTo(1200);
      assertThat(stage.getInteger("toolCalls")).isEqualTo(2);
      String events = worker.http().get("/api/v1/jobs/" + job.getString("id") + "/events").body();
      assertThat(events).contains("\"tool\":\"file_change\"").contains("python3 -m unittest");
    }
  }

  @Test
  void codexThatFailsEndsTheJobWithTheCliError() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (TestWorker worker = workerWithFakeCodex("fail")) {
      worker.putProvider("codex-cli", new JsonObject().put("authMethod", "cli_login").put("fields", new JsonObject()));
      JsonObject envelope = JobTesting.envelope("CLI-2", repo, List.of(), "off")
          .put("directives", new JsonObject().put("provider", "codex-cli"));
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, envelope), Duration.ofSeconds(60));
      assertThat(job.getString("state")).isEqualTo("failed");
      assertThat(job.getJsonObject("error").getString("code")).isEqualTo("provider_error");
      assertThat(job.getJsonObject("error").getString("message")).contains("401 Unauthorized");
    }
  }

  @Test
  void theRealClaudeCliWritesAFileThroughAFakeMessagesApi() throws Exception {
    RealClis.assumeInstalled();
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    Vertx vertx = Vertx.vertx();
    AtomicInteger calls = new AtomicInteger();
    try {
      HttpServer fake = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
        if (req.method() != io.vertx.core.http.HttpMethod.POST || !req.path().equals("/v1/messages")) {
          req.response().setStatusCode(200).end();
          return;
        }
        JsonObject request = new JsonObject(body.toString());
        boolean hasToolResult = request.encode().contains("\"tool_result\"");
        boolean offersWrite = request.getJsonArray("tools", new JsonArray()).stream()
            .anyMatch(t -> "Write".equals(((JsonObject) t).getString("name")));
        calls.incrementAndGet();
        String sse = !offersWrite || hasToolResult ? AnthropicSse.text("Added NOTES.md with the fix plan.")
            : AnthropicSse.toolUse("toolu_w1", "Write", new JsonObject()
                .put("file_path", "NOTES.md").put("content", "add() must add, not subtract.\n"));
        req.response().putHeader("Content-Type", "text/event-stream").end(sse);
      })).listen(0, "127.0.0.1").await();
      Map<String, String> env = RealClis.isolatedEnv(dir);
      env.put("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + fake.actualPort());
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env)) {
        assertThat(worker.putProvider("claude-code-cli", new JsonObject().put("authMethod", "api_key")
            .put("fields", new JsonObject().put("apiKey", "sk-ant-test-cli-job-0000000001")
                .put("model", "claude-sonnet-4-5"))).status()).isEqualTo(200);
        JsonObject envelope = JobTesting.envelope("CLI-3", repo, List.of(), "off")
            .put("directives", new JsonObject().put("provider", "claude-code-cli"));
        JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, envelope), Duration.ofSeconds(120));
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        assertThat(job.getJsonObject("result").getJsonArray("changedFiles")).containsExactly("NOTES.md");
        assertThat(job.getJsonObject("result").getString("diff")).contains("+add() must add, not subtract.");
        assertThat(job.getJsonObject("result").getString("summary")).contains("Added NOTES.md");
        assertThat(worker.http().get("/api/v1/jobs/" + job.getString("id") + "/events").body())
            .contains("\"tool\":\"Write\"")
            // The CLI had no network of its own: it reached its endpoint through the job's egress proxy.
            .contains("network.allowed").contains("\"port\":" + fake.actualPort());
        assertThat(job.getJsonObject("result").getJsonObject("network").getInteger("allowed")).isPositive();
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
      }
    } finally {
      vertx.close().await();
    }
  }
}
