package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A whole job per wire format: a scripted model reads (two calls in one reply), edits with a
 * wrong fix, runs git, finishes; validation fails; the repair session fixes it; the worker commits
 * on mergeloom/&lt;key&gt;. Checks the diff, the commit, the record, the events, the stage figures
 * and the wire's multi-turn shapes.
 */
class JobFlowTest {
  @TempDir Path dir;

  static Step implementation(int step) {
    return switch (step) {
      case 0 -> Step.calls(Call.of("list_files"), Call.of("read_file", "path", "calc.py"));
      case 1 -> Step.calls(Call.of("edit_file", "path", "calc.py", "old_text", "return a - b", "new_text", "return a * b"));
      case 2 -> Step.calls(Call.of("run_command", "argv", new JsonArray().add("git").add("status").add("--short")));
      default -> Step.calls(Call.of("final_result", "status", "completed", "summary", "add() now multiplies"));
    };
  }

  static Step repair(int step) {
    return step == 0
        ? Step.calls(Call.of("edit_file", "path", "calc.py", "old_text", "return a * b", "new_text", "return a + b"))
        : Step.calls(Call.of("final_result", "status", "completed", "summary", "add() adds"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(WireFake.class)
  void aScriptedSessionEditsValidatesRepairsAndCommits(WireFake wire) throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    String before = GitRepos.git(repo, "rev-parse", "HEAD");
    try (ScriptedModel model = new ScriptedModel(wire, List.of())) {
      model.script((step, body) -> body.contains("validation failed") ? repair(step) : implementation(step));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env)) {
        Http.Response put = worker.putProvider(model.provider(), model.providerBody("fake-model-1"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        String id = JobTesting.submit(worker, JobTesting.envelope("CALC-1", repo,
            List.of("python3 -m unittest -q"), "required"));
        JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60));

        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        assertThat(job.getJsonObject("selection").getJsonObject("provider").getString("rule")).isEqualTo("worker");
        JsonObject result = job.getJsonObject("result");
        assertThat(result.getString("summary")).isEqualTo("add() adds");
        assertThat(result.getString("branch")).isEqualTo("mergeloom/CALC-1");
        assertThat(result.getString("diff")).contains("-    return a - b").contains("+    return a + b");
        assertThat(result.getJsonArray("changedFiles")).containsExactly("calc.py");
        Path workspace = dir.resolve("data/workspaces").resolve(id).resolve("work");
        assertThat(GitRepos.git(workspace, "rev-parse", "mergeloom/CALC-1")).isEqualTo(result.getString("commit"));
        assertThat(GitRepos.git(workspace, "log", "-1", "--format=%s")).isEqualTo("CALC-1: Fix add()");
        assertThat(GitRepos.git(repo, "rev-parse", "HEAD")).as("the source repository is untouched").isEqualTo(before);

        JsonArray validation = result.getJsonArray("validation");
        assertThat(validation.size()).isEqualTo(2);
        assertThat(validation.getJsonObject(0).getBoolean("passed")).isFalse();
        assertThat(validation.getJsonObject(0).getString("output")).contains("AssertionError");
        assertThat(validation.getJsonObject(1).getBoolean("passed")).isTrue();
        JsonArray stages = result.getJsonArray("stages");
        assertThat(stages.stream().map(s -> ((JsonObject) s).getString("name"))).containsExactly("implementation", "repair-1");
        JsonObject impl = stages.getJsonObject(0);
        assertThat(impl.getInteger("turns")).isEqualTo(4);
        assertThat(impl.getInteger("toolCalls")).isEqualTo(5);
        assertThat(impl.getLong("inputTokens")).isEqualTo(400);
        assertThat(impl.getLong("outputTokens")).isEqualTo(80);
        assertThat(impl.getString("provider")).isEqualTo(model.provider());
        assertThat(result.getJsonArray("commands").stream().map(c -> ((JsonObject) c).getJsonArray("argv").getString(0)))
            .contains("git", "python3");

        String events = worker.http().get("/api/v1/jobs/" + id + "/events").body();
        assertThat(events).contains("event: tool.call", "event: command.output", "event: validation.finished",
            "event: repair.started", "event: stage.finished").contains("\"state\":\"completed\"");

        assertWireShapes(wire, model.requests());
        // Every request of the whole job, turn by turn, against the provider's published schema.
        model.requests().forEach(r -> dev.mergeloom.worker.testing.ProviderSchemas.requestOf(wire).check(r.json()));
        assertThePatchAppliesToTheSource(worker, id, repo, result.getString("commit"));
      }
    }
  }

  /**
   * The patch route answers the commit as a format-patch mbox that {@code git am} applies to a
   * clone of the source, giving the commit's tree; the job's JSON points to it instead of carrying it.
   */
  private void assertThePatchAppliesToTheSource(TestWorker worker, String id, Path repo, String commit)
      throws Exception {
    Http.Response patch = worker.http().get("/api/v1/jobs/" + id + "/patch");
    assertThat(patch.status()).isEqualTo(200);
    assertThat(patch.headers().get("Content-Type")).startsWith("application/mbox");
    assertThat(patch.headers().get("Content-Disposition")).contains("CALC-1.patch");
    assertThat(patch.body()).startsWith("From " + commit).contains("Subject: [PATCH] CALC-1: Fix add()");
    Path clone = dir.resolve("apply-" + id);
    GitRepos.git(dir, "clone", "-q", repo.toString(), clone.toString());
    java.nio.file.Files.writeString(dir.resolve(id + ".patch"), patch.body());
    GitRepos.git(clone, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "am", "-q",
        dir.resolve(id + ".patch").toString());
    Path workspace = dir.resolve("data/workspaces").resolve(id).resolve("work");
    assertThat(GitRepos.git(clone, "rev-parse", "HEAD^{tree}")).isEqualTo(GitRepos.git(workspace, "rev-parse", commit + "^{tree}"));
    JsonObject job = worker.http().get("/api/v1/jobs/" + id).json();
    assertThat(job.getJsonObject("result").containsKey("patch")).isFalse();
    assertThat(job.getJsonObject("result").getString("patchUrl")).isEqualTo("/api/v1/jobs/" + id + "/patch");
    assertThat(job.getJsonObject("result").getString("workspace")).isEqualTo(workspace.toString());
  }

  /** The second request carries both tool results in the wire's own shape (Gemini: signatures echoed). */
  private static void assertWireShapes(WireFake wire, List<FakeProvider.Recorded> requests) {
    JsonObject second = requests.get(1).json();
    String body = second.encode();
    switch (wire) {
      case OPENAI_CHAT -> assertThat(second.getJsonArray("messages").stream().map(JsonObject.class::cast)
          .filter(m -> "tool".equals(m.getString("role"))).map(m -> m.getString("tool_call_id")))
          .containsExactly("call_0_0", "call_0_1");
      case RESPONSES -> assertThat(second.getJsonArray("input").stream().map(JsonObject.class::cast)
          .filter(m -> "function_call_output".equals(m.getString("type"))).map(m -> m.getString("call_id")))
          .containsExactly("call_0_0", "call_0_1");
      case ANTHROPIC -> assertThat(body).contains("\"tool_use_id\":\"toolu_0_0\"", "\"tool_use_id\":\"toolu_0_1\"");
      case GEMINI -> assertThat(body).contains("\"thoughtSignature\":\"sig-0-0\"", "\"thoughtSignature\":\"sig-0-1\"")
          .contains("\"functionResponse\"");
      case BEDROCK -> assertThat(body).contains("\"toolUseId\":\"tooluse_0_0\"", "\"toolUseId\":\"tooluse_0_1\"")
          .contains("\"toolResult\"");
    }
  }
}
