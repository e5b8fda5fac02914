package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.Eventually;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A completed job's branch leaves the worker: into the local repository it came from (a branch
 * added, the checkout untouched) or pushed to the URL's remote, never forced over commits it
 * lacks; a refusal ends the job as publish_failed with the commit kept, and says why.
 */
class PublishJobTest {
  private static final String TOKEN = "ghs_canaryPushToken0123456789abcdef";

  @TempDir Path dir;

  private static List<Step> fixAdd(String summary) {
    return List.of(Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n")),
        Step.calls(Call.of("final_result", "status", "completed", "summary", summary)));
  }

  @Test
  void aLocalRepositoryGetsTheBranchTheNextRunContinuesItAndAMovedOneIsNotOverwritten() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Files.writeString(source.resolve("notes.txt"), "the operator's own uncommitted work\n");
    Map<String, String> before = snapshot(source);
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, fixAdd("fixed add")).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("PUB-1", source,
          List.of(), "off")), Duration.ofSeconds(60));

      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      JsonObject publish = job.getJsonObject("result").getJsonObject("publish");
      assertThat(publish.getString("state")).isEqualTo("published");
      assertThat(publish.getString("target")).isEqualTo(source.toString());
      String commit = job.getJsonObject("result").getString("commit");
      assertThat(GitRepos.git(source, "rev-parse", "refs/heads/mergeloom/PUB-1")).isEqualTo(commit);
      assertThat(GitRepos.git(source, "show", "mergeloom/PUB-1:calc.py")).contains("return a + b");
      assertThat(snapshot(source)).as("work tree, index and HEAD of the source as they were").isEqualTo(before);

      // The operator adds a commit of their own on that branch: the next run starts from it.
      String theirs = commitOnBranch(source, "mergeloom/PUB-1", "def add(a, b):\n    return b + a\n", "their change");
      JsonObject next = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("PUB-1", source,
          List.of(), "off")), Duration.ofSeconds(60));
      assertThat(next.getString("state")).as(next.encodePrettily()).isEqualTo("completed");
      assertThat(next.getJsonObject("result").getString("continuedFrom")).isEqualTo(theirs);
      assertThat(next.getJsonObject("result").getString("baseCommit")).isEqualTo(theirs);
      String onTop = next.getJsonObject("result").getString("commit");
      assertThat(GitRepos.git(source, "rev-parse", "refs/heads/mergeloom/PUB-1")).as("a fast-forward").isEqualTo(onTop);
      assertThat(GitRepos.git(source, "rev-parse", onTop + "^")).isEqualTo(theirs);
      assertThat(model.requests()).as("the model is told what the branch already holds")
          .anySatisfy(r -> assertThat(r.body()).contains("Earlier work on this ticket").contains("their change"));

      // A branch that moves while a run works is not overwritten: that run ends publish_failed.
      model.latency(1500).script((step, body) -> step == 0
          ? Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b  # checked\n"))
          : Step.calls(Call.of("final_result", "status", "completed", "summary", "checked add")));
      String racing = JobTesting.submit(worker, JobTesting.envelope("PUB-1", source, List.of(), "off"));
      Eventually.until("the run has checked out", Duration.ofSeconds(30), () -> worker.http().get("/api/v1/jobs/" + racing)
          .json().getJsonObject("result") != null && worker.http().get("/api/v1/jobs/" + racing).json()
              .getJsonObject("result").getString("baseCommit") != null);
      String moved = commitOnBranch(source, "mergeloom/PUB-1", "def add(a, b):\n    return int(a) + int(b)\n", "moved");
      JsonObject diverged = JobTesting.awaitEnd(worker, racing, Duration.ofSeconds(60));
      model.latency(0);
      assertThat(diverged.getString("state")).as(diverged.encodePrettily()).isEqualTo("publish_failed");
      assertThat(diverged.getJsonObject("error").getString("code")).isEqualTo("publish_failed");
      assertThat(diverged.getJsonObject("error").getString("message")).contains("has commits this job does not have");
      assertThat(diverged.getJsonObject("result").getString("commit")).as("the commit is kept").isNotBlank();
      assertThat(GitRepos.git(source, "rev-parse", "refs/heads/mergeloom/PUB-1")).as("not overwritten").isEqualTo(moved);
      assertThat(snapshot(source)).as("the source's checkout, still").isEqualTo(before);

      JsonObject kept = JobTesting.envelope("PUB-2", source, List.of(), "off");
      kept.getJsonArray("repositories").getJsonObject(0).put("publish", "none");
      JsonObject none = JobTesting.awaitEnd(worker, JobTesting.submit(worker, kept), Duration.ofSeconds(60));
      assertThat(none.getString("state")).isEqualTo("completed");
      assertThat(none.getJsonObject("result").getJsonObject("publish")).isNull();
      assertThat(GitRepos.git(source, "branch", "--list", "mergeloom/PUB-2")).isEmpty();
    }
  }

  @Test
  void aUrlRepositoryGetsThePushWithTheTokenAndARefusedPushSaysWhyWithoutIt() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Path served = Files.createDirectories(dir.resolve("served"));
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("app.git").toString());
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("locked.git").toString());
    GitRepos.git(served.resolve("locked.git"), "config", "http.receivepack", "false");
    try (GitHttpServer git = new GitHttpServer(served, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, fixAdd("fixed add")).latency(0);
        LogCapture logs = new LogCapture(false);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.remoteEnvelope("URL-1", git.url("app.git"), TOKEN)),
          Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      assertThat(job.getJsonObject("result").getJsonObject("publish").getString("state")).isEqualTo("published");
      assertThat(GitRepos.git(served.resolve("app.git"), "rev-parse", "refs/heads/mergeloom/URL-1"))
          .isEqualTo(job.getJsonObject("result").getString("commit"));
      assertThat(git.requests()).anySatisfy(headers -> assertThat(headers.get("content-type"))
          .isEqualTo("application/x-git-receive-pack-request"));
      assertThat(git.requests()).allSatisfy(headers -> assertThat(headers.get("authorization")).startsWith("Basic "));

      // The next run of the ticket starts from the pushed branch and pushes on top of it.
      model.script((step, body) -> step == 0
          ? Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b  # again\n"))
          : Step.calls(Call.of("final_result", "status", "completed", "summary", "again")));
      JsonObject next = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.remoteEnvelope("URL-1", git.url("app.git"),
          TOKEN)),
          Duration.ofSeconds(60));
      assertThat(next.getString("state")).as(next.encodePrettily()).isEqualTo("completed");
      String first = job.getJsonObject("result").getString("commit");
      assertThat(next.getJsonObject("result").getString("continuedFrom")).isEqualTo(first);
      String second = next.getJsonObject("result").getString("commit");
      assertThat(GitRepos.git(served.resolve("app.git"), "rev-parse", "refs/heads/mergeloom/URL-1")).isEqualTo(second);
      assertThat(GitRepos.git(served.resolve("app.git"), "rev-parse", second + "^")).isEqualTo(first);

      JsonObject refused = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.remoteEnvelope("URL-2", git.url("locked.git"),
          TOKEN)),
          Duration.ofSeconds(60));
      assertThat(refused.getString("state")).as(refused.encodePrettily()).isEqualTo("publish_failed");
      assertThat(refused.getJsonObject("error").getString("message")).contains("pushing mergeloom/URL-2 to")
          .contains("git push failed");
      assertThat(GitRepos.git(served.resolve("locked.git"), "branch", "--list", "mergeloom/URL-2")).isEmpty();
      String events = worker.http().get("/api/v1/jobs/" + refused.getString("id") + "/events").body();
      assertThat(events).contains("publish.failed");
      assertThat(job.encode() + next.encode() + refused.encode() + events + logs.output()).doesNotContain(TOKEN);
    }
  }

  @Test
  void aFailedPublishIsRetriedWithoutTheModelEvenAfterARestart() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    // The ticket's branch is checked out in the source: the run starts from it, its publish is refused.
    GitRepos.git(source, "checkout", "-q", "-b", "mergeloom/RETRY-1");
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, fixAdd("fixed add")).latency(0)) {
      String id;
      try (TestWorker worker = JobTesting.startWith(model, dir.resolve("data"))) {
        JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("RETRY-1", source,
            List.of(), "off")), Duration.ofSeconds(60));
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("publish_failed");
        assertThat(job.getJsonObject("error").getString("message")).contains("is checked out in " + source);
        id = job.getString("id");
        Http.Response still = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/publish",
            null, Map.of());
        assertThat(still.status()).as(still.body()).isEqualTo(200);
        assertThat(still.json().getString("state")).as("the branch is still checked out").isEqualTo("publish_failed");
      }
      int requests = model.requests().size();
      GitRepos.git(source, "checkout", "-q", "-");
      try (TestWorker restarted = JobTesting.startWith(model, dir.resolve("data"))) {
        Http.Response retried = restarted.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/publish",
            null, Map.of());
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().getString("state")).isEqualTo("completed");
        assertThat(retried.json().getValue("error")).isNull();
        assertThat(retried.json().getJsonObject("result").getJsonObject("publish").getString("state")).isEqualTo("published");
        assertThat(GitRepos.git(source, "rev-parse", "refs/heads/mergeloom/RETRY-1"))
            .isEqualTo(retried.json().getJsonObject("result").getString("commit"));
        assertThat(model.requests()).as("the model was not asked again").hasSize(requests);

        Http.Response again = restarted.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/publish",
            null, Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().getJsonObject("error").getString("code")).isEqualTo("not_publishable");
      }
    }
  }

  /** A commit of someone else's on {@code branch}, made in a worktree of its own: the checkout stays. */
  private String commitOnBranch(Path source, String branch, String calc, String message) throws Exception {
    Path theirs = dir.resolve("theirs-" + System.nanoTime());
    GitRepos.git(source, "worktree", "add", "-q", theirs.toString(), branch);
    Files.writeString(theirs.resolve("calc.py"), calc);
    GitRepos.git(theirs, "-c", "user.name=Operator", "-c", "user.email=op@example.invalid", "commit", "-qam", message);
    GitRepos.git(source, "worktree", "remove", theirs.toString());
    return GitRepos.git(source, "rev-parse", "refs/heads/" + branch);
  }

  /** Every file of the work tree and of .git except refs and objects, by content hash, and HEAD. */
  private static Map<String, String> snapshot(Path repo) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = repo.relativize(f).toString();
        if (rel.startsWith(".git/refs/") || rel.startsWith(".git/objects/") || rel.startsWith(".git/logs/")
            || rel.equals(".git/packed-refs") || rel.startsWith(".git/worktrees") || rel.equals(".git/FETCH_HEAD")) {
          continue;
        }
        out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    }
    out.put("HEAD -> ", GitRepos.git(repo, "rev-parse", "HEAD"));
    return out;
  }
}
