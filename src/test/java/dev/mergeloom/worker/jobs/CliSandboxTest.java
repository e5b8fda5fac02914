package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI backend runs in the job's sandbox: it works in the work tree with a per-job copy of its
 * login, and cannot see the shared login directory, the worker's data or the worker's
 * environment; what it writes to its copy never reaches the shared login, and the copy is gone
 * after the session.
 */
class CliSandboxTest {
  @TempDir Path dir;

  @Test
  void aCliJobSeesItsWorkTreeAndAPerJobCopyOfItsLoginOnly() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed (scripts/test.sh installs it)");
    Path shared = Files.createDirectories(dir.resolve("codex-home"));
    Files.writeString(shared.resolve("auth.json"), "{\"token\":\"shared-login\"}");
    Path data = dir.resolve("data");
    // A stand-in for codex exec that reports what it can reach, as a codex agent message.
    Path codex = Files.createDirectories(dir.resolve("bin")).resolve("codex");
    Files.writeString(codex, String.join("\n", "#!/bin/sh",
        "seen=\"login=$(cat \"$CODEX_HOME/auth.json\" 2>&1 | tr -d '\"{}')"
            + " shared=$(ls " + shared + " 2>&1 | head -c 60)"
            + " key=$(head -c 20 " + data.resolve("provider-secret.key") + " 2>&1 | tr -cd 'a-zA-Z :' | head -c 60)"
            + " env=$(env | grep -c JCA_)"
            + " home=$CODEX_HOME\"",
        "echo hijacked > \"$CODEX_HOME/auth.json\"",
        "sed -i 's/return a - b/return a + b/' calc.py",
        "echo '{\"type\":\"thread.started\",\"thread_id\":\"t\"}'",
        "echo '{\"type\":\"turn.started\"}'",
        "printf '{\"type\":\"item.completed\",\"item\":{\"id\":\"i\",\"type\":\"agent_message\",\"text\":\"%s\"}}\\n' \"$seen\"",
        "echo '{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}'", ""));
    codex.toFile().setExecutable(true);
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    Map<String, String> env = TestWorker.baseEnv(data);
    env.put("JCA_WORKER_CODEX_PATH", codex.toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", shared.toString());
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    try (TestWorker worker = TestWorker.start(env)) {
      worker.putProvider("codex-cli", new JsonObject().put("authMethod", "cli_login").put("fields", new JsonObject()));
      JsonObject envelope = JobTesting.envelope("CLIBOX-1", repo, List.of("python3 -m unittest -q"), "required")
          .put("directives", new JsonObject().put("provider", "codex-cli"));
      String id = JobTesting.submit(worker, envelope);
      JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(60));

      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
      String seen = job.getJsonObject("result").getString("summary");
      assertThat(seen).contains("login=token:shared-login").as("its own copy of the login");
      assertThat(seen).contains("shared=ls: cannot access").as("not the shared login directory");
      assertThat(seen).contains("key=head: cannot open").as("not the worker's key file");
      assertThat(seen).contains("env=0").as("none of the worker's variables");
      Path copy = data.resolve("workspaces").resolve(id).resolve("home").resolve("codex-home");
      assertThat(seen).contains("home=" + copy);
      assertThat(Files.readString(shared.resolve("auth.json"))).isEqualTo("{\"token\":\"shared-login\"}");
      assertThat(copy).as("the copy lives only as long as the session").doesNotExist();
      assertThat(job.getJsonObject("result").getString("diff")).contains("+    return a + b");
    }
  }
}
