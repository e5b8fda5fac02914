package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeForge;
import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A job on a forge's repository ends with its branch pushed to a real git HTTP server and its
 * review request opened on the forge's fake (every call checked against the forge's published
 * API description); the next run of the ticket continues the branch and updates that request.
 * A forge's refusal is publish_failed in its own words, and a retry, after a restart too, opens
 * the request without the model.
 */
class ReviewRequestJobTest {
  private static final String TOKEN = "glpat-canaryForgeAndPush0123456789";
  private static final String PUBLIC = "https://mergeloom.example.com";

  @TempDir Path dir;

  private static List<Step> edit(String line, String summary) {
    return List.of(Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b" + line
        + "\n")), Step.calls(Call.of("final_result", "status", "completed", "summary", summary)));
  }

  /** A bare copy of the calculator at {@code served/name}, as the forge's git server holds it. */
  private String serve(GitHttpServer git, Path served, String name) throws Exception {
    Path source = GitRepos.create(dir.resolve("source-" + System.nanoTime()), GitRepos.calculator());
    Files.createDirectories(served.resolve(name).getParent());
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve(name).toString());
    return git.url(name);
  }

  private static JsonObject onForge(String key, String url, FakeForge.Kind kind, FakeForge forge) {
    JsonObject envelope = JobTesting.remoteEnvelope(key, url, TOKEN);
    envelope.getJsonArray("repositories").getJsonObject(0).put("forge", switch (kind) {
      case GITHUB -> "github";
      case GITLAB -> "gitlab";
      case GITEA -> "gitea";
      case AZURE_REPOS -> "azure";
    }).put("apiUrl", forge.apiUrl()).put("validationCommands", new JsonArray().add("python3 -c pass"))
        .put("validationMode", "required");
    return envelope;
  }

  @ParameterizedTest
  @EnumSource(FakeForge.Kind.class)
  void theBranchIsPushedTheRequestOpenedAndTheNextRunUpdatesIt(FakeForge.Kind kind) throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    String name = kind == FakeForge.Kind.AZURE_REPOS ? "fabrikam/Platform/_git/app" : "acme/app.git";
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        FakeForge forge = new FakeForge(kind, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, edit("", "made add() add")).latency(0);
        LogCapture logs = new LogCapture(false);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"), Map.of("JCA_WORKER_PUBLIC_URL", PUBLIC))) {
      String url = serve(git, served, name);
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, onForge("PR-1", url, kind, forge)),
          Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      JsonObject request = job.getJsonObject("result").getJsonObject("publish").getJsonObject("reviewRequest");
      assertThat(request.getString("action")).isEqualTo("opened");
      assertThat(request.getString("url")).startsWith("https://");
      assertThat(GitRepos.git(served.resolve(name), "rev-parse", "refs/heads/mergeloom/PR-1"))
          .isEqualTo(job.getJsonObject("result").getString("commit"));
      String base = GitRepos.git(served.resolve(name), "symbolic-ref", "--short", "HEAD");
      assertThat(forge.requests().get(1).body()).as("into the remote's default branch").contains(base + "\"");
      String opened = forge.open().get("mergeloom/PR-1").encode();
      assertThat(opened).contains("PR-1: Fix add()").contains("made add() add").contains("python3 -c pass")
          .contains("calc.py").contains(PUBLIC + "/audit/" + job.getString("id"));

      model.script((step, body) -> edit("  # again", "kept add() adding").get(Math.min(step, 1)));
      JsonObject next = JobTesting.awaitEnd(worker, JobTesting.submit(worker, onForge("PR-1", url, kind, forge)),
          Duration.ofSeconds(60));
      assertThat(next.getString("state")).as(next.encodePrettily()).isEqualTo("completed");
      assertThat(next.getJsonObject("result").getString("continuedFrom")).isEqualTo(job.getJsonObject("result")
          .getString("commit"));
      JsonObject updated = next.getJsonObject("result").getJsonObject("publish").getJsonObject("reviewRequest");
      assertThat(updated.getString("action")).isEqualTo("updated");
      assertThat(updated.getLong("number")).isEqualTo(request.getLong("number"));
      assertThat(forge.open()).hasSize(1);
      assertThat(forge.open().get("mergeloom/PR-1").encode()).contains("kept add() adding");
      assertThat(forge.problems()).as("every call as the forge's published description has it").isEmpty();

      assertThat(next.getString("previousRun")).as("the ticket's runs are linked").isEqualTo(job.getString("id"));
      assertThat(job.getValue("previousRun")).isNull();
      String page = worker.http().get("/audit/" + next.getString("id")).body();
      assertThat(page).contains("Review request updated").contains(updated.getString("url"))
          .contains("href=\"/audit/" + job.getString("id") + "\"");
      String events = worker.http().get("/api/v1/jobs/" + next.getString("id") + "/events").body();
      assertThat(job.encode() + next.encode() + events + page + logs.output()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aForgeRefusalIsPublishFailedAndARetryAfterARestartOpensTheRequestWithoutTheModel() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, edit("", "made add() add")).latency(0)) {
      String url = serve(git, served, "acme/app.git");
      forge.answerNext(200, Map.of(), "[]");
      forge.answerNext(422, Map.of(), new JsonObject().put("message", "Validation Failed").put("errors", new JsonArray()
          .add(new JsonObject().put("message", "Protected branch main requires signed commits"))).encode());
      String id;
      try (TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
        JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, onForge("PR-2", url, FakeForge.Kind.GITHUB,
            forge)), Duration.ofSeconds(60));
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("publish_failed");
        assertThat(job.getJsonObject("error").getString("message")).contains("the branch was pushed")
            .contains("GitHub answered 422").contains("Protected branch main requires signed commits")
            .doesNotContain(TOKEN);
        assertThat(GitRepos.git(served.resolve("acme/app.git"), "rev-parse", "refs/heads/mergeloom/PR-2"))
            .isEqualTo(job.getJsonObject("result").getString("commit"));
        assertThat(forge.open()).isEmpty();
        id = job.getString("id");
      }
      int asked = model.requests().size();
      try (TestWorker restarted = JobTesting.startWith(model, dir.resolve("data"))) {
        Http.Response retried = restarted.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/publish",
            new JsonObject().put("accessToken", TOKEN), Map.of());
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().getString("state")).as(retried.body()).isEqualTo("completed");
        JsonObject request = retried.json().getJsonObject("result").getJsonObject("publish").getJsonObject("reviewRequest");
        assertThat(request.getString("action")).isEqualTo("opened");
        assertThat(forge.open()).containsOnlyKeys("mergeloom/PR-2");
        assertThat(forge.open().get("mergeloom/PR-2").getString("body")).contains("made add() add");
        assertThat(model.requests()).as("the model was not asked again").hasSize(asked);
        assertThat(retried.body()).doesNotContain(TOKEN);
        assertThat(restarted.http().get("/metrics").body())
            .contains("mergeloom_job_stage_total{outcome=\"published\",stage=\"publish\"} 1.0");
      }
      assertThat(forge.problems()).isEmpty();
    }
  }

  /** The forge refuses the pull request once: the job ends publish_failed with its branch pushed. */
  private static void refuseOnce(FakeForge forge) {
    forge.answerNext(200, Map.of(), "[]");
    forge.answerNext(422, Map.of(), new JsonObject().put("message", "Validation Failed").put("errors", new JsonArray()
        .add(new JsonObject().put("message", "Protected branch main requires signed commits"))).encode());
  }

  @Test
  void withItsWorkspaceGoneARetryMakesTheSameCommitAgainFromThePatch() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, edit("", "made add() add")).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      String url = serve(git, served, "acme/app.git");
      refuseOnce(forge);
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, onForge("PR-3", url, FakeForge.Kind.GITHUB,
          forge)), Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("publish_failed");
      String commit = job.getJsonObject("result").getString("commit");
      // The retention sweep removed the workspace, and someone deleted the pushed branch meanwhile.
      deleteTree(Path.of(job.getJsonObject("result").getString("workspace")).getParent());
      GitRepos.git(served.resolve("acme/app.git"), "update-ref", "-d", "refs/heads/mergeloom/PR-3");

      Http.Response retried = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + job.getString("id")
          + "/publish", new JsonObject().put("accessToken", TOKEN), Map.of());
      assertThat(retried.status()).as(retried.body()).isEqualTo(200);
      assertThat(retried.json().getString("state")).as(retried.body()).isEqualTo("completed");
      JsonObject publish = retried.json().getJsonObject("result").getJsonObject("publish");
      assertThat(publish.getBoolean("rebuilt")).isTrue();
      assertThat(publish.getJsonObject("reviewRequest").getString("action")).isEqualTo("opened");
      assertThat(GitRepos.git(served.resolve("acme/app.git"), "rev-parse", "refs/heads/mergeloom/PR-3"))
          .as("the very commit the job made").isEqualTo(commit);
      assertThat(Files.exists(dir.resolve("data/workspaces").resolve(job.getString("id") + ".republish")))
          .as("the scratch directory is gone").isFalse();
      assertThat(retried.body()).doesNotContain(TOKEN);
      assertThat(forge.problems()).isEmpty();
    }
  }

  @Test
  void theGatewayPublishesAgainAJobItsExecutorRan() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String cluster = "cluster-token-review-0123456789";
    Map<String, String> gatewayEnv = dev.mergeloom.worker.testing.ClusterEnv.gateway(dir, port, cluster);
    gatewayEnv.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, edit("", "made add() add")).latency(0);
        TestWorker gateway = TestWorker.start(gatewayEnv)) {
      assertThat(gateway.putProvider(model.provider(), model.providerBody("gpt-4.1")).status()).isEqualTo(200);
      String url = serve(git, served, "acme/app.git");
      refuseOnce(forge);
      String id = JobTesting.submit(gateway, onForge("PR-4", url, FakeForge.Kind.GITHUB, forge));
      JsonObject job;
      try (TestWorker executor = TestWorker.start(dev.mergeloom.worker.testing.ClusterEnv.executor(dir, "exec-r", port,
          cluster))) {
        job = JobTesting.awaitEnd(gateway, id, Duration.ofSeconds(60));
      }
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("publish_failed");
      Http.Response retried = gateway.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/publish",
          new JsonObject().put("accessToken", TOKEN), Map.of());
      assertThat(retried.status()).as(retried.body()).isEqualTo(200);
      assertThat(retried.json().getString("state")).as(retried.body()).isEqualTo("completed");
      assertThat(retried.json().getJsonObject("result").getJsonObject("publish").getBoolean("rebuilt")).isTrue();
      assertThat(forge.open()).containsOnlyKeys("mergeloom/PR-4");
      assertThat(GitRepos.git(served.resolve("acme/app.git"), "rev-parse", "refs/heads/mergeloom/PR-4"))
          .isEqualTo(job.getJsonObject("result").getString("commit"));
      assertThat(forge.problems()).isEmpty();
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
