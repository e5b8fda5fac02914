package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clones that go through {@code git clone}: a repository served over smart HTTP by git's own
 * http-backend, which insists on the job's access token, and a shallow local repository (which the
 * in-process clone leaves to git). The token reaches the server on every request and nothing the
 * worker writes or says.
 */
class RemoteCloneJobTest {
  private static final String TOKEN = "ghs_canaryRepoToken0123456789abcdef";

  @TempDir Path dir;

  @Test
  void aUrlIsClonedWithTheTokenWhichIsNeverWrittenOrShown() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Path served = Files.createDirectories(dir.resolve("served"));
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("app.git").toString());
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of(
            Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n")),
            Step.calls(Call.of("final_result", "status", "completed", "summary", "fixed add")),
            Step.calls(Call.of("final_result", "status", "completed", "summary", "never reached"))));
        LogCapture logs = new LogCapture(false);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      JsonObject good = JobTesting.remoteEnvelope("REMOTE-1", git.url("app.git"), TOKEN);
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, good), Duration.ofSeconds(60));

      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      JsonObject result = job.getJsonObject("result");
      assertThat(result.getString("diff")).contains("+    return a + b");
      assertThat(result.getString("commit")).isNotEqualTo(result.getString("baseCommit"));
      assertThat(git.requests()).isNotEmpty().allSatisfy(headers -> assertThat(headers.get("authorization"))
          .as("git sends the header on every request").startsWith("Basic "));

      JsonObject bad = JobTesting.remoteEnvelope("REMOTE-2", git.url("app.git"), "ghs_wrongToken");
      JsonObject refused = JobTesting.awaitEnd(worker, JobTesting.submit(worker, bad), Duration.ofSeconds(60));
      assertThat(refused.getString("state")).isEqualTo("failed");
      assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("checkout_failed");
      assertThat(refused.getJsonObject("error").getString("message")).contains("git clone failed");

      String events = worker.http().get("/api/v1/jobs/" + job.getString("id") + "/events").body();
      assertThat(job.encode() + refused.encode() + events + logs.output()).doesNotContain(TOKEN);
      assertThat(filesContaining(dir.resolve("data"), TOKEN)).as("no file the worker wrote holds the token").isEmpty();
    }
  }

  @Test
  void aShallowLocalRepositoryIsClonedByGit() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Path shallow = dir.resolve("shallow");
    GitRepos.git(dir, "clone", "-q", "--depth", "1", "file://" + source, shallow.toString());
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of(
        Step.calls(Call.of("final_result", "status", "completed", "summary", "looked")))).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("SHALLOW-1", shallow,
          List.of(), "off")), Duration.ofSeconds(60));

      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      Path workspace = dir.resolve("data/workspaces").resolve(job.getString("id")).resolve("work");
      assertThat(workspace.resolve(".git/shallow")).as("git clone kept the history shallow").exists();
      assertThat(GitRepos.git(workspace, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/mergeloom/SHALLOW-1");
    }
  }

  private static List<Path> filesContaining(Path root, String secret) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(secret);
        } catch (java.io.IOException e) {
          return false;
        }
      }).toList();
    }
  }
}
