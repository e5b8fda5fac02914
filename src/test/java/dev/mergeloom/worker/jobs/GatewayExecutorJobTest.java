package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.ClusterEnv;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway-held queues: jobs submitted to the gateway are claimed and run by an executor, whose
 * events and result come back to the gateway's record and stream; cancel reaches the executor;
 * an executor that stops reporting loses its job as executor_lost.
 */
class GatewayExecutorJobTest {
  private static final String TOKEN = "cluster-token-jobs-0123456789";
  private static final String REPO_TOKEN = "ghp_canaryRepoToken0123456789";
  private static final String OTHER_SECRET = "other-provider-canary-0123456789";

  @TempDir Path dir;

  private TestWorker gateway(int port) {
    Map<String, String> env = ClusterEnv.gateway(dir, port, TOKEN);
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    env.put("JCA_WORKER_ACTIVE_JOB_HEARTBEAT_INTERVAL_SECONDS", "1");
    return TestWorker.start(env);
  }

  private TestWorker executor(int gatewayPort, String name) {
    Map<String, String> env = ClusterEnv.executor(dir, name, gatewayPort, TOKEN);
    env.put("JCA_WORKER_ACTIVE_JOB_HEARTBEAT_INTERVAL_SECONDS", "1");
    return TestWorker.start(env);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anExecutorClaimsRunsAndReportsTheGatewaysJob() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    int port = freePort();
    try (LogCapture logs = new LogCapture(false);
        ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of());
        TestWorker gateway = gateway(port)) {
      model.script((step, body) -> body.contains("validation failed") ? JobFlowTest.repair(step)
          : JobFlowTest.implementation(step));
      assertThat(gateway.putProvider(model.provider(), model.providerBody("claude-sonnet-4-5")).status()).isEqualTo(200);
      // A provider no job of the executor uses: its secret must never reach the executor.
      assertThat(gateway.putProvider("codex-api", new JsonObject().put("authMethod", "api_key").put("fields",
          new JsonObject().put("apiKey", OTHER_SECRET).put("model", "gpt-5.5"))).status()).isEqualTo(200);
      JsonObject envelope = JobTesting.envelope("GW-1", repo, List.of("python3 -m unittest -q"), "required")
          .put("directives", new JsonObject().put("provider", model.provider()));
      envelope.getJsonArray("repositories").getJsonObject(0).put("accessToken", REPO_TOKEN);
      String id = JobTesting.submit(gateway, envelope);
      assertThat(gateway.http().get("/api/v1/jobs/" + id).json().getString("state")).isEqualTo("queued");
      assertThat(gateway.http().get("/").body()).contains("the path must exist on the executor that claims it");

      try (TestWorker executor = executor(port, "exec-a")) {
        JsonObject job = JobTesting.awaitEnd(gateway, id, Duration.ofSeconds(60));
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        JsonObject result = job.getJsonObject("result");
        assertThat(result.getString("diff")).contains("+    return a + b");
        assertThat(result.getJsonArray("stages").size()).isEqualTo(2);
        Path workspace = dir.resolve("executor-exec-a/workspaces").resolve(id).resolve("work");
        assertThat(GitRepos.git(workspace, "rev-parse", "mergeloom/GW-1")).isEqualTo(result.getString("commit"));
        String events = gateway.http().get("/api/v1/jobs/" + id + "/events").body();
        assertThat(events).contains("event: job.claimed", "\"executor\":\"exec-a\"", "event: tool.call",
            "event: repair.started");
        assertThat(gateway.http().get("/api/v1/executors").body()).contains("exec-a");
        assertThat(gateway.http().get("/api/v1/jobs/" + id).body()).doesNotContain(REPO_TOKEN);
        // The job's provider key came with the claim (the config feed carries no secret) ...
        String jobKey = model.providerBody("x").getJsonObject("fields").getString("apiKey");
        assertThat(model.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.headers().get("x-api-key")).isEqualTo(jobKey));
        String feed = gateway.http().get("/cluster/v1/config", Map.of("Authorization", "Bearer " + TOKEN)).body();
        assertThat(feed).contains("codex-api").contains("secretKeys").doesNotContain(OTHER_SECRET).doesNotContain(jobKey);
        // ... and the executor holds nothing of the provider it did not run, on disk or in memory.
        try (var files = java.nio.file.Files.walk(dir.resolve("executor-exec-a"))) {
          for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
            assertThat(new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as(f.toString()).doesNotContain(OTHER_SECRET).doesNotContain(jobKey);
          }
        }
        assertThat(executor.worker().context().providers().get("codex-api").orElseThrow().value("apiKey")).isNull();
      }
      assertThat(logs.output()).doesNotContain(REPO_TOKEN).doesNotContain(TOKEN);
    }
  }

  @Test
  void cancelReachesTheExecutorAndASilentExecutorLosesItsJob() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    int port = freePort();
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of()).latency(30_000);
        TestWorker gateway = gateway(port)) {
      assertThat(gateway.putProvider(model.provider(), model.providerBody("m")).status()).isEqualTo(200);
      String cancelled = JobTesting.submit(gateway, JobTesting.envelope("GW-2", repo, List.of(), "off"));
      TestWorker executor = executor(port, "exec-b");
      try {
        awaitModelRequests(model, 1);
        assertThat(gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + cancelled + "/cancel",
            null, Map.of()).status()).isEqualTo(202);
        JsonObject job = JobTesting.awaitEnd(gateway, cancelled, Duration.ofSeconds(15));
        assertThat(job.getString("state")).isEqualTo("cancelled");

        String lost = JobTesting.submit(gateway, JobTesting.envelope("GW-3", repo, List.of(), "off"));
        // Started, as the gateway sees it: the executor's events have arrived.
        var jobs = gateway.worker().context().jobs().orElseThrow();
        Eventually.until("the executor reported progress", Duration.ofSeconds(20), () -> jobs.events(lost, 0).await()
            .events().stream().anyMatch(ev -> ev.getString("type").equals("provider.request")));
      } finally {
        executor.close();
      }
      JsonObject job = JobTesting.awaitEnd(gateway, gateway.http().get("/api/v1/jobs").jsonArray().stream()
          .map(JsonObject.class::cast).filter(j -> j.getJsonObject("ticket").getString("key").equals("GW-3"))
          .findFirst().orElseThrow().getString("id"), Duration.ofSeconds(15));
      assertThat(job.getString("state")).isEqualTo("failed");
      assertThat(job.getJsonObject("error").getString("code")).isEqualTo("executor_lost");
      assertThat(job.getJsonObject("error").getString("message")).contains("exec-b");
    }
  }

  @Test
  void aClaimNeverStartedGoesBackToTheQueueToAWaitingClaimAndOnlyTheClaimantMayReport() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    int port = freePort();
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of()); TestWorker gateway = gateway(port)) {
      assertThat(gateway.putProvider(model.provider(), model.providerBody("m")).status()).isEqualTo(200);
      JsonObject envelope = JobTesting.envelope("GW-4", repo, List.of(), "off");
      envelope.getJsonArray("repositories").getJsonObject(0).put("accessToken", REPO_TOKEN);
      String id = JobTesting.submit(gateway, envelope);
      Map<String, String> as = Map.of("Authorization", "Bearer " + TOKEN, "X-MergeLoom-Executor", "ghost");
      var claim = gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim", new JsonObject(), as);
      assertThat(claim.status()).isEqualTo(200);
      assertThat(claim.json().getJsonObject("envelope").getJsonArray("repositories").getJsonObject(0)
          .getString("accessToken")).as("the claimant gets the token it needs").isEqualTo(REPO_TOKEN);
      assertThat(gateway.http().get("/api/v1/jobs/" + id).json().getString("state")).isEqualTo("running");
      assertThat(gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim", new JsonObject(), as)
          .status()).as("nothing else waits").isEqualTo(204);
      var foreign = gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/" + id + "/report",
          new JsonObject().put("events", new io.vertx.core.json.JsonArray()),
          Map.of("Authorization", "Bearer " + TOKEN, "X-MergeLoom-Executor", "someone-else"));
      assertThat(foreign.status()).isEqualTo(409);
      assertThat(gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim", new JsonObject(),
          Map.of()).status()).as("no token, no job").isEqualTo(401);

      // A claim that waits (a long poll) gets the job the moment the lease runs out and it is
      // queued again.
      Map<String, String> waiter = Map.of("Authorization", "Bearer " + TOKEN, "X-MergeLoom-Executor", "waiter");
      long asked = System.nanoTime();
      var waited = java.util.concurrent.CompletableFuture.supplyAsync(() -> gateway.http().send(
          io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim?wait=20", new JsonObject(), waiter));
      var answer = waited.get(15, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().getJsonObject("job").getString("id")).isEqualTo(id);
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("it waited for the lease to run out")
          .isGreaterThan(Duration.ofSeconds(1));
      assertThat(gateway.http().get("/api/v1/jobs/" + id).json().getString("state")).isEqualTo("running");

      long idle = System.nanoTime();
      assertThat(gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim?wait=1",
          new JsonObject(), waiter).status()).as("nothing queued within the wait").isEqualTo(204);
      assertThat(Duration.ofNanos(System.nanoTime() - idle)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
      var tooLong = gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/cluster/v1/jobs/claim?wait=31",
          new JsonObject(), waiter);
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.json().getJsonObject("error").getJsonArray("fields").getJsonObject(0).getString("field"))
          .isEqualTo("wait");
    }
  }

  private static void awaitModelRequests(ScriptedModel model, int count) throws InterruptedException {
    Eventually.until("the executor reached the model", Duration.ofSeconds(20), () -> model.requests().size() >= count);
  }
}
