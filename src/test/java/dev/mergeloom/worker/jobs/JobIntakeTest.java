package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.testing.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Intake: bad envelopes are refused naming the fields, directives and aliases choose the model
 * with the rule recorded, the self-test gate refuses jobs, 50 jobs at once respect the
 * concurrency limit and are listed newest first within a limit, and a restart marks an
 * interrupted job failed.
 */
class JobIntakeTest {
  @TempDir Path dir;

  private TestWorker start(ScriptedModel model, Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.putAll(extra);
    TestWorker worker = TestWorker.start(env);
    JsonObject body = model.providerBody("claude-sonnet-4-5");
    body.getJsonObject("fields").put("modelAliases", new JsonObject().put("opus", "claude-opus-4-1"));
    assertThat(worker.putProvider(model.provider(), body).status()).isEqualTo(200);
    return worker;
  }

  private static Http.Response post(TestWorker worker, JsonObject body) {
    return worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs", body, Map.of());
  }

  @Test
  void badEnvelopesAreRefusedNamingEachField() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of());
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false"))) {
      Http.Response bad = post(worker, new JsonObject().put("ticket", new JsonObject().put("key", "bad key!"))
          .put("repositories", new JsonArray().add(new JsonObject().put("url", "not a url").put("path", "/x")
              .put("validationMode", "sometimes").put("validationCommands", new JsonArray().add("rm -rf /")))));
      assertThat(bad.status()).isEqualTo(400);
      List<String> fields = bad.json().getJsonObject("error").getJsonArray("fields").stream()
          .map(f -> ((JsonObject) f).getString("field")).toList();
      assertThat(fields).contains("ticket.key", "ticket.title", "repositories[0].url", "repositories[0].validationMode");

      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      Http.Response notAllowed = post(worker, JobTesting.envelope("T-1", repo, List.of("python3 -m unittest", "rm -rf /"),
          "required"));
      assertThat(notAllowed.status()).isEqualTo(400);
      assertThat(notAllowed.body()).contains("repositories[0].validationCommands[1]").contains("'rm' is not an allowed command");

      Http.Response unknownProvider = post(worker, JobTesting.envelope("T-2", repo, List.of(), "off")
          .put("directives", new JsonObject().put("provider", "gpt-everything")));
      assertThat(unknownProvider.status()).isEqualTo(400);
      assertThat(unknownProvider.body()).contains("directives.provider").contains("unknown provider 'gpt-everything'");

      Http.Response cli = post(worker, JobTesting.envelope("T-3", repo, List.of(), "off")
          .put("directives", new JsonObject().put("provider", "codex-cli").put("model", "gpt-5")));
      assertThat(cli.status()).isEqualTo(422);
    }
  }

  @Test
  void allowedCommandsWrittenWithSpacesAreAllowedAtIntakeAsAtStart() throws Exception {
    // "git, pytest" passed start-up but refused pytest at intake (one reader trimmed, the other not).
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of());
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false",
            "JCA_WORKER_ALLOWED_COMMANDS", "git, python3 ,  pytest"))) {
      model.script((step, body) -> Step.calls(Call.of("final_result", "status", "completed", "summary", "nothing")));
      assertThat(worker.http().get("/api/v1/runtime-config").json().getJsonArray("allowedCommands"))
          .containsExactly("git", "python3", "pytest");
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      String id = JobTesting.submit(worker, JobTesting.envelope("SP-1", repo, List.of("python3 -m unittest -q",
          "pytest --version"), "advisory"));
      assertThat(JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60)).getString("state")).isEqualTo("completed");
    }
  }

  @Test
  void aRepeatedCommandInTheRuntimeConfigIsStoredOnceAndJobsAreStillAccepted() throws Exception {
    // ["git", "git"] was accepted and then made every job submission answer 500.
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of());
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false"))) {
      model.script((step, body) -> Step.calls(Call.of("final_result", "status", "completed", "summary", "nothing")));
      Http.Response put = worker.http().put("/api/v1/runtime-config", new JsonObject().put("allowedCommands",
          new JsonArray().add("git").add("git").add(" python3 ").add("python3")));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
      assertThat(put.json().getJsonArray("allowedCommands")).containsExactly("git", "python3");
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      Http.Response refused = post(worker, JobTesting.envelope("DUP-1", repo, List.of("pytest -q"), "required"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("'pytest' is not an allowed command (allowed: git, python3;");
      // advisory: the calculator's own tests fail until a job fixes it, which this one does not
      String id = JobTesting.submit(worker, JobTesting.envelope("DUP-2", repo, List.of("python3 -m unittest -q"),
          "advisory"));
      assertThat(JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60)).getString("state")).isEqualTo("completed");
    }
  }

  @Test
  void directivesInTheDescriptionChooseTheModelThroughAnAlias() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of(
        Step.calls(Call.of("final_result", "status", "completed", "summary", "nothing to change"))));
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false"))) {
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      JsonObject envelope = JobTesting.envelope("DIR-1", repo, List.of(), "off");
      envelope.getJsonObject("ticket").put("description", "Please look.\n[JCA]\nprovider=claude-api\nmodel=opus\n"
          + "colour=blue\ninline_context=The answer is 42.\n[/JCA]\n[JCA]\nmodel=ignored\n[/JCA]");
      String id = JobTesting.submit(worker, envelope);
      JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(30));
      assertThat(job.getString("state")).isEqualTo("completed");
      assertThat(job.getString("model")).isEqualTo("claude-opus-4-1");
      assertThat(job.getJsonObject("selection").getJsonObject("provider").getString("rule")).isEqualTo("directive");
      assertThat(job.getJsonObject("selection").getJsonObject("model").getString("rule")).isEqualTo("directive");
      assertThat(job.getJsonArray("warnings").encode()).contains("unknown directive 'colour'");
      JsonObject sent = model.requests().get(0).json();
      assertThat(sent.getString("model")).isEqualTo("claude-opus-4-1");
      assertThat(sent.encode()).contains("The answer is 42.").contains("Run the tests with python3 -m unittest.")
          .doesNotContain("[JCA]");
      assertThat(job.getJsonObject("result").getString("commit")).as("no change, no new commit")
          .isEqualTo(job.getJsonObject("result").getString("baseCommit"));
    }
  }

  @Test
  void contextRepositoriesAreCheckedOutBesideTheWorkspaceAndShownToTheModel() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of(
        Step.calls(Call.of("final_result", "status", "completed", "summary", "read the context"))));
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false"))) {
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      Path docs = GitRepos.create(dir.resolve("docs"), Map.of("AGENTS.md", "CONTEXT-MARKER-42: use integers.\n",
          "guide/style.md", "Style.\n"));
      JsonObject envelope = JobTesting.envelope("CTX-1", repo, List.of(), "off");
      envelope.getJsonArray("repositories").add(new JsonObject().put("alias", "docs").put("path", docs.toString())
          .put("role", "context")).add(new JsonObject().put("alias", "gone").put("path", dir.resolve("missing").toString())
              .put("role", "context"));
      String id = JobTesting.submit(worker, envelope);
      JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(30));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      String prompt = model.requests().get(0).body();
      assertThat(prompt).contains("Context repository docs").contains("CONTEXT-MARKER-42").contains("guide/style.md");
      assertThat(worker.http().get("/api/v1/jobs/" + id + "/events").body())
          .contains("context repository gone could not be checked out");
    }
  }

  @Test
  void aProviderWithoutAPassedSelfTestRefusesJobs() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of());
        TestWorker worker = start(model, Map.of())) {
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      Http.Response refused = post(worker, JobTesting.envelope("GATE-1", repo, List.of(), "off"));
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("self_test_required");
      assertThat(refused.body()).contains("claude-api").contains("self-test");
      assertThat(worker.http().get("/api/v1/jobs").jsonArray()).isEmpty();
    }
  }

  @Test
  void fiftyJobsAtOnceAllCompleteWithinTheConcurrencyLimit() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of(
        Step.calls(Call.of("read_file", "path", "calc.py")),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "read it")))).latency(100);
        LogCapture logs = new LogCapture(false);
        TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false",
            "JCA_WORKER_MAX_CONCURRENT_JOBS", "8"))) {
      Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
      List<String> ids = java.util.stream.IntStream.range(0, 50).parallel()
          .mapToObj(i -> JobTesting.submit(worker, JobTesting.envelope("LOAD-" + i, repo, List.of(), "off"))).toList();
      for (String id : ids) {
        assertThat(JobTesting.awaitEnd(worker, id, Duration.ofSeconds(120)).getString("state")).isEqualTo("completed");
      }
      assertThat(model.maxInFlight()).isBetween(2, 8);
      assertThat(worker.http().get("/metrics").body()).contains("mergeloom_jobs_finished_total{outcome=\"completed\"} 50.0");
      assertThat(logs.output()).doesNotContain("has been blocked for");
      Map<String, Long> states = worker.http().get("/api/v1/jobs").jsonArray().stream()
          .collect(Collectors.groupingBy(j -> ((JsonObject) j).getString("state"), Collectors.counting()));
      assertThat(states).containsExactly(Map.entry("completed", 50L));

      // A list answers the newest first, at most `limit` of them; a bad limit names the field.
      JsonArray newest = worker.http().get("/api/v1/jobs?limit=3").jsonArray();
      List<String> created = worker.http().get("/api/v1/jobs").jsonArray().stream()
          .map(j -> ((JsonObject) j).getString("createdAt")).toList();
      assertThat(newest).hasSize(3);
      assertThat(created).hasSize(50).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(newest.getJsonObject(0).getString("createdAt")).isEqualTo(created.get(0));
      for (String bad : List.of("0", "1001", "many")) {
        Http.Response refused = worker.http().get("/api/v1/jobs?limit=" + bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().getJsonObject("error").getJsonArray("fields").getJsonObject(0).getString("field"))
            .isEqualTo("limit");
      }
    }
  }

  @Test
  void aJobRunningWhenTheWorkerStopsIsFailedWithAReasonAfterTheRestart() throws Exception {
    String id;
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of()).latency(20_000)) {
      TestWorker worker = start(model, Map.of("JCA_WORKER_REQUIRE_SELF_TEST", "false"));
      id = JobTesting.submit(worker, JobTesting.envelope("RESTART-1", repo, List.of(), "off"));
      Eventually.until("the job reached the model", Duration.ofSeconds(20), () -> !model.requests().isEmpty());
      assertThat(worker.http().get("/api/v1/jobs/" + id).json().getString("state")).isEqualTo("running");
      worker.close();
    }
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    try (TestWorker again = TestWorker.start(env)) {
      JsonObject job = again.http().get("/api/v1/jobs/" + id).json();
      assertThat(job.getString("state")).isEqualTo("failed");
      assertThat(job.getJsonObject("error").getString("code")).isEqualTo("worker_restarted");
      assertThat(job.getJsonObject("ticket").getString("key")).isEqualTo("RESTART-1");
    }
  }
}
