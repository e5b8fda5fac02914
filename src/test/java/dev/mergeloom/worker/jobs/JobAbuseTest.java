package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.workspace.CommandRunner;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a model (or a ticket) might do wrong, and that the worker stays safe: paths out of the
 * workspace, commands off the allowlist, shell metacharacters, a command that never ends, huge
 * output, malformed arguments, a model that never finishes, a secret a command tries to print,
 * and cancel in the middle of a command.
 */
class JobAbuseTest {
  private static final String CANARY = "sk-canary-job-abuse-0123456789";

  @TempDir Path dir;
  private Path repo;
  private ScriptedModel model;
  private TestWorker worker;
  private LogCapture logs;

  @BeforeEach
  void setUp() throws Exception {
    Map<String, String> files = new HashMap<>(GitRepos.calculator());
    files.put("dup.txt", "same\nsame\n");
    repo = GitRepos.create(dir.resolve("repo"), files);
    // A link to a directory outside the repository (in the temp dir, so cleanup stays quiet).
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
    Files.createSymbolicLink(repo.resolve("escape"), outside);
    GitRepos.git(repo, "add", "escape");
    GitRepos.git(repo, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "link");
    model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of());
    logs = new LogCapture(false);
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      var processes = worker.worker().context().processes();
      worker.close();
      assertThat(processes.live()).isEmpty();
    }
    model.close();
    logs.close();
    assertThat(logs.output()).doesNotContain(CANARY);
  }

  private void start(Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    env.put("JCA_OPENAI_API_KEY", CANARY); // a worker secret commands must never see
    env.putAll(extra);
    worker = TestWorker.start(env);
    Http.Response put = worker.putProvider(model.provider(), model.providerBody("fake-model"));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  private String toolResult(int step) {
    return JobTesting.toolResult(model, step);
  }

  @Test
  void pathsCommandsAndArgumentsThatMustNotWorkComeBackAsToolErrors() throws Exception {
    List<Step> steps = List.of(
        Step.calls(Call.of("read_file", "path", "../../etc/passwd")),
        Step.calls(Call.of("read_file", "path", "/etc/passwd")),
        Step.calls(Call.of("read_file", "path", "escape/passwd")),
        Step.calls(Call.of("write_file", "path", ".git/config", "content", "x")),
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("bash").add("-c").add("echo hi"))),
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("/usr/bin/python3").add("-V"))),
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("python3").add("-c")
            .add("import sys; print(sys.argv[1:])").add("$(whoami)").add("a;b|c && d").add("`id`"))),
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("env"))),
        Step.calls(Call.raw("edit_file", "{not json")),
        Step.calls(Call.of("edit_file", "path", "dup.txt", "old_text", "same", "new_text", "other")),
        Step.calls(Call.of("edit_file", "path", "calc.py", "old_text", "no such text", "new_text", "x")),
        Step.calls(Call.of("python_eval", "code", "1")),
        Step.calls(Call.of("final_result", "status", "blocked", "summary", "nothing safe to do")));
    model.script((step, body) -> step < steps.size() ? steps.get(step) : new Step("?", List.of()));
    start(Map.of("JCA_WORKER_ALLOWED_COMMANDS", "git,python3,env"));
    String id = JobTesting.submit(worker, JobTesting.envelope("ABUSE-1", repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60));

    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("blocked");
    assertThat(job.getJsonObject("error").getString("message")).isEqualTo("nothing safe to do");
    assertThat(toolResult(0)).startsWith("error:").contains("'..'");
    assertThat(toolResult(1)).startsWith("error:").contains("absolute");
    assertThat(toolResult(2)).startsWith("error:").contains("outside the repository");
    assertThat(toolResult(3)).startsWith("error:").contains(".git");
    assertThat(toolResult(4)).startsWith("error:").contains("'bash' is not an allowed command");
    assertThat(toolResult(5)).startsWith("error:").contains("is a path");
    assertThat(toolResult(6)).startsWith("exit code 0").contains("['$(whoami)', 'a;b|c && d', '`id`']");
    assertThat(toolResult(7)).startsWith("exit code 0").contains("PATH=").doesNotContain(CANARY)
        .doesNotContain("JCA_");
    assertThat(toolResult(8)).startsWith("error:").contains("not a JSON object");
    assertThat(toolResult(9)).startsWith("error:").contains("more than once");
    assertThat(toolResult(10)).startsWith("error:").contains("not found");
    assertThat(toolResult(11)).startsWith("error:").contains("unknown tool 'python_eval'");
    assertThat(Files.readString(dir.resolve("data/workspaces").resolve(id).resolve("work/.git/config")))
        .doesNotContain("\nx");
    assertThat(worker.http().get("/api/v1/jobs/" + id).body()).doesNotContain(CANARY);
  }

  @Test
  void aCommandThatNeverEndsIsKilledWithItsChildrenAndHugeOutputIsCapped() throws Exception {
    String marker = "sleep-" + System.nanoTime();
    List<Step> steps = List.of(
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("python3").add("-c").add(
            "import subprocess, time; subprocess.Popen(['python3', '-c', 'import time; time.sleep(300)', '" + marker
                + "']); time.sleep(300)"))),
        Step.calls(Call.of("run_command", "argv", new JsonArray().add("python3").add("-c")
            .add("import sys\nfor i in range(200000): print('line', i)"))),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "done")));
    model.script((step, body) -> step < steps.size() ? steps.get(step) : new Step("?", List.of()));
    // Long enough for the 200,000 lines on a loaded two-core machine, where 2 s once was not.
    start(Map.of("JCA_WORKER_COMMAND_TIMEOUT_SECONDS", "5"));
    String id = JobTesting.submit(worker, JobTesting.envelope("LIMITS-1", repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60));

    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
    assertThat(toolResult(0)).startsWith("timed out");
    assertThat(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker)))
        .as("the child of the timed-out command is gone too").isFalse();
    String huge = toolResult(1);
    assertThat(huge).startsWith("exit code 0").contains("line 0\n").contains("line 199999").contains("characters left out");
    assertThat(huge.length()).isLessThan(CommandRunner.HEAD_CHARS + CommandRunner.TAIL_CHARS + 200);
    JsonArray commands = job.getJsonObject("result").getJsonArray("commands");
    assertThat(commands.getJsonObject(0).getBoolean("timedOut")).isTrue();
    assertThat(commands.getJsonObject(1).getBoolean("truncated")).isTrue();
  }

  @Test
  void aModelThatNeverFinishesEndsWithMaxTurns() throws Exception {
    model.script((step, body) -> new Step("I am thinking", List.of()));
    start(Map.of("JCA_WORKER_JOB_MAX_TURNS", "3"));
    String id = JobTesting.submit(worker, JobTesting.envelope("TURNS-1", repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(30));
    assertThat(job.getString("state")).isEqualTo("failed");
    assertThat(job.getJsonObject("error").getString("code")).isEqualTo("max_turns");
    assertThat(job.getJsonObject("result").getJsonArray("stages").getJsonObject(0).getInteger("turns")).isEqualTo(3);
    assertThat(model.requests()).hasSize(3);
  }

  @Test
  void cancelStopsARunningCommandWithinSeconds() throws Exception {
    model.script((step, body) -> step == 0
        ? Step.calls(Call.of("run_command", "argv", new JsonArray().add("python3").add("-c").add("import time; time.sleep(120)")))
        : Step.calls(Call.of("final_result", "status", "completed", "summary", "should not get here")));
    start(Map.of());
    String id = JobTesting.submit(worker, JobTesting.envelope("CANCEL-1", repo, List.of(), "off"));
    Eventually.until("the command started", Duration.ofSeconds(20), () -> worker.worker().context().processes().live()
        .stream().anyMatch(p -> p.spec().name().contains("python3")));
    long cancelAt = System.nanoTime();
    Http.Response cancel = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/cancel",
        null, Map.of());
    assertThat(cancel.status()).isEqualTo(202);
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - cancelAt)).isLessThan(Duration.ofSeconds(5));
    assertThat(job.getString("state")).isEqualTo("cancelled");
    assertThat(worker.worker().context().processes().live()).isEmpty();
    Http.Response again = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/" + id + "/cancel", null,
        Map.of());
    assertThat(again.status()).as("a finished job cannot be cancelled").isEqualTo(409);
    assertThat(again.json().getJsonObject("error").getString("code")).isEqualTo("finished");
    Http.Response unknown = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs/no-such-job/cancel",
        null, Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
  }
}
