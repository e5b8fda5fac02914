package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeForge;
import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff guard between a job's change and its commit: a change to a CI workflow stops the job
 * before anything is committed or published; in advisory mode an oversized change goes ahead and
 * its pull request says it needs attention; its settings are checked by name.
 */
class DiffGuardJobTest {
  private static final String TOKEN = "ghp_guardCanary0123456789abcdefXYZ";

  @TempDir Path dir;

  private static List<Step> write(String path, String content) {
    return List.of(Step.calls(Call.of("write_file", "path", path, "content", content)),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "wrote " + path)));
  }

  @Test
  void aChangeToAWorkflowStopsTheJobBeforeItIsCommitted() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, write(".github/workflows/ci.yml",
        "on: push\njobs: {}\n")).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("GUARD-1", source,
          List.of(), "off")), Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("blocked");
      assertThat(job.getJsonObject("error").getString("code")).isEqualTo("diff_guard");
      assertThat(job.getJsonObject("error").getString("message"))
          .contains(".github/workflows/ci.yml matches the protected pattern .github/workflows/**");
      JsonObject result = job.getJsonObject("result");
      assertThat(result.getJsonObject("diffGuard").getBoolean("passed")).isFalse();
      assertThat(result.getString("diff")).contains("+on: push");
      assertThat(result.getValue("publish")).as("nothing delivered").isNull();
      assertThat(GitRepos.git(source, "branch", "--list", "mergeloom/GUARD-1")).isEmpty();
      assertThat(worker.http().get("/audit/" + job.getString("id")).body()).contains("id=\"diff-guard\"")
          .contains("protected_path");
      assertThat(worker.http().get("/metrics").body())
          .contains("mergeloom_job_stage_total{outcome=\"breached\",stage=\"diff_guard\"} 1.0")
          .contains("mergeloom_job_stage_total{outcome=\"completed\",stage=\"implementation\"} 1.0");

      Http.Response off = worker.http().put("/api/v1/runtime-config", new JsonObject().put("diffGuardMode", "off"));
      assertThat(off.status()).as(off.body()).isEqualTo(200);
      model.script((step, body) -> write(".github/workflows/ci.yml", "on: push\njobs: {}\n").get(Math.min(step, 1)));
      JsonObject allowed = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("GUARD-2", source,
          List.of(), "off")), Duration.ofSeconds(60));
      assertThat(allowed.getString("state")).as("the guard is off").isEqualTo("completed");
      assertThat(allowed.getJsonObject("result").getValue("diffGuard")).isNull();
    }
  }

  @Test
  void anAdvisoryGuardLetsAnOversizedChangeThroughAndThePullRequestSaysSo() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served/acme"));
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("app.git").toString());
    try (GitHttpServer git = new GitHttpServer(dir.resolve("served"), TOKEN);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, write("calc.py",
            "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n")).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      Http.Response bad = worker.http().put("/api/v1/runtime-config", new JsonObject().put("diffGuardMode", "strict")
          .put("diffGuardProtectedPaths", new JsonArray().add("../etc/passwd")));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).contains("diffGuardMode").contains("expected off, advisory").contains("diffGuardProtectedPaths");
      Http.Response put = worker.http().put("/api/v1/runtime-config", new JsonObject().put("diffGuardMode", "advisory")
          .put("diffGuardMaxLines", 3));
      assertThat(put.status()).as(put.body()).isEqualTo(200);

      JsonObject envelope = JobTesting.remoteEnvelope("GUARD-3", git.url("acme/app.git"), TOKEN);
      envelope.getJsonArray("repositories").getJsonObject(0).put("forge", "github").put("apiUrl", forge.apiUrl());
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, envelope), Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      assertThat(job.getJsonObject("result").getJsonObject("diffGuard").getBoolean("passed")).isFalse();
      assertThat(forge.open().get("mergeloom/GUARD-3").getString("body")).contains("Needs attention")
          .contains("lines changed; the most allowed is 3");
      assertThat(forge.problems()).isEmpty();
    }
  }
}
