package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's commands in the real bubblewrap sandbox, driven by an evil scripted model with the
 * default allowlist plus {@code sh}: each attack is tried and fails, and the job's own work
 * (edit, run python3, the worker's git, the commit) still happens. Where the sandbox cannot run,
 * jobs are refused with the reason, and run only when the operator turns it off.
 */
class SandboxAbuseTest {
  private static final String CANARY = "canary-sandbox-test-value";

  @TempDir Path dir;
  private Path repo;
  private Path data;
  private ScriptedModel model;
  private TestWorker worker;

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed (scripts/test.sh installs it)");
    Map<String, String> files = new HashMap<>(GitRepos.calculator());
    repo = GitRepos.create(dir.resolve("repo"), files);
    // A committed link to .git: the write tools must treat g/config as .git/config.
    Files.createSymbolicLink(repo.resolve("g"), Path.of(".git"));
    GitRepos.git(repo, "add", "g");
    GitRepos.git(repo, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "link");
    data = dir.resolve("data");
    model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of());
  }

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close();
    }
    if (model != null) {
      model.close();
    }
  }

  private void start(Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(data);
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    env.put("JCA_OPENAI_API_KEY", CANARY);
    env.put("JCA_WORKER_ALLOWED_COMMANDS", "git,rg,pytest,python,python3,sh");
    env.putAll(extra);
    worker = TestWorker.start(env);
    Http.Response put = worker.putProvider(model.provider(), model.providerBody("fake-model"));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  private static Step run(String... argv) {
    JsonArray a = new JsonArray();
    for (String s : argv) {
      a.add(s);
    }
    return Step.calls(Call.of("run_command", "argv", a));
  }

  private String toolResult(int step) {
    return JobTesting.toolResult(model, step);
  }

  @Test
  void aJobsCommandsReachOnlyTheirWorkTree() throws Exception {
    long worker = ProcessHandle.current().pid();
    String marker = "late-" + System.nanoTime();
    Path outsideMark = dir.resolve("planted-outside");
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread accept = new Thread(() -> {
        try {
          while (true) {
            listener.accept().close();
            connections.incrementAndGet();
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      accept.setDaemon(true);
      accept.start();
      List<Step> steps = List.of(
          run("python3", "-c", "print(open('/proc/" + worker + "/environ').read())"),
          run("python3", "-c", "import os; print(sorted(p for p in os.listdir('/proc') if p.isdigit()))"),
          run("python3", "-c", "print(open('" + data.resolve("provider-secret.key") + "','rb').read())"),
          run("python3", "-c", "open('" + outsideMark + "','w').write('x'); print('wrote')"),
          run("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', " + listener.getLocalPort()
              + "), 2); print('connected')"),
          run("git", "config", "core.fsmonitor", "touch " + outsideMark),
          run("sh", "-c", "setsid sh -c 'sleep 30 # " + marker + "' > /dev/null 2>&1 & echo started"),
          Step.calls(Call.of("write_file", "path", "g/config", "content", "[core]\n\tfsmonitor = touch " + outsideMark)),
          Step.calls(Call.of("edit_file", "path", "calc.py", "old_text", "return a - b", "new_text", "return a + b")),
          run("python3", "-m", "unittest", "-q"),
          Step.calls(Call.of("final_result", "status", "completed", "summary", "add() adds")));
      model.script((step, body) -> step < steps.size() ? steps.get(step) : new Step("?", List.of()));
      start(Map.of());
      String id = JobTesting.submit(this.worker, JobTesting.envelope("BOX-1", repo, List.of("python3 -m unittest -q"),
          "required"));
      JsonObject job = JobTesting.awaitEnd(this.worker, id, Duration.ofSeconds(90));

      assertThat(toolResult(0)).as("the worker's environment").contains("No such file").doesNotContain(CANARY);
      assertThat(toolResult(1)).as("only the sandbox's own processes").doesNotContain("'" + worker + "'");
      assertThat(toolResult(2)).as("the key file").contains("No such file").doesNotContain("wrote");
      // The write lands in the sandbox's own temporary file system, which ends with the command.
      assertThat(outsideMark).as("outside the work tree, on the host").doesNotExist();
      assertThat(toolResult(4)).as("the network").doesNotContain("connected");
      assertThat(connections.get()).isZero();
      assertThat(toolResult(5)).as("the repository's config is the worker's").startsWith("exit code")
          .doesNotStartWith("exit code 0");
      assertThat(toolResult(7)).startsWith("error:").contains(".git");
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      JsonObject result = job.getJsonObject("result");
      assertThat(result.getString("sandbox")).isEqualTo("bubblewrap");
      assertThat(result.getJsonArray("changedFiles")).containsExactly("calc.py");
      Path work = data.resolve("workspaces").resolve(id).resolve("work");
      assertThat(Files.readString(work.resolve(".git/config"))).doesNotContain("fsmonitor");
      assertThat(outsideMark).as("no setting ran in the worker's own git").doesNotExist();
      // The detached child ended with its command's sandbox.
      assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)))
          .isEmpty();
      assertThat(this.worker.http().get("/api/v1/jobs/" + id).body()).doesNotContain(CANARY);
      // At rest: only the worker's own account reads the stores, the key and the work trees.
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("workspaces"))).isEqualTo("rwx------");
      assertThat(mode(data.resolve("workspaces").resolve(id))).isEqualTo("rwx------");
      assertThat(mode(data.resolve("provider-config.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("jobs.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("provider-secret.key"))).isEqualTo("rw-------");
    }
  }

  private static String mode(Path p) throws java.io.IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void withoutAWorkingSandboxJobsAreRefusedAndRunOnlyWhenTurnedOff() throws Exception {
    Path broken = dir.resolve("bwrap");
    Files.writeString(broken, "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
    broken.toFile().setExecutable(true);
    model.script((step, body) -> Step.calls(Call.of("final_result", "status", "completed", "summary", "nothing to do")));
    start(Map.of("JCA_WORKER_BWRAP_PATH", broken.toString()));
    Http.Response refused = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs",
        JobTesting.envelope("BOX-2", repo, List.of(), "off"), Map.of());
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().getJsonObject("error").getString("code")).isEqualTo("sandbox_unavailable");
    assertThat(refused.json().getJsonObject("error").getString("message")).contains("Permission denied")
        .contains("JCA_WORKER_SANDBOX=off");
    assertThat(worker.http().get("/health").body()).contains("unavailable: jobs refused");
    worker.close();

    start(Map.of("JCA_WORKER_BWRAP_PATH", broken.toString(), "JCA_WORKER_SANDBOX", "off"));
    String id = JobTesting.submit(worker, JobTesting.envelope("BOX-3", repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60));
    assertThat(job.getString("state")).isEqualTo("completed");
    assertThat(job.getJsonObject("result").getString("sandbox")).isEqualTo("unsandboxed");
    assertThat(worker.http().get("/health").body()).contains("unsandboxed");
    assertThat(worker.http().get("/audit/" + id).body()).contains("unsandboxed");
  }

  @Test
  void aCommandOverItsMemoryOrProcessLimitIsStoppedByItsCgroupAndTheModelIsTold() throws Exception {
    var found = dev.mergeloom.worker.process.CgroupDetector.detect(128L << 20, 48);
    assumeTrue(found.cgroups().isPresent(), found.detail());
    // Each process stays under the 128 MiB address-space rlimit; the four together do not.
    List<Step> steps = List.of(
        run("sh", "-c", "for i in 1 2 3 4; do python3 -c \"b = b'x' * (80 << 20); import time; time.sleep(5)\" & done; "
            + "wait; echo hog-done"),
        run("sh", "-c", "for i in $(seq 100); do sleep 2 & done; wait"),
        run("python3", "-c", "print(len(b'x' * (20 << 20)))"),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "limits tried")));
    model.script((step, body) -> step < steps.size() ? steps.get(step) : new Step("?", List.of()));
    start(Map.of("JCA_WORKER_SANDBOX_MAX_MEMORY_MB", "128", "JCA_WORKER_SANDBOX_MAX_PROCESSES", "48"));
    assertThat(worker.http().get("/health").body()).contains("cgroups", "128 MiB of memory and 48 processes");
    String id = JobTesting.submit(worker, JobTesting.envelope("BOX-4", repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(90));
    assertThat(toolResult(0)).contains("hog-done", "reached its memory limit");
    assertThat(toolResult(1)).as("the shell gives up at a refused fork").contains("reached its process limit");
    assertThat(toolResult(2)).startsWith("exit code 0").contains(Integer.toString(20 << 20))
        .doesNotContain("reached its");
    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
  }
}
