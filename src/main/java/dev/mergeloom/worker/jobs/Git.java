package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessResult;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The worker's own git operations on a job's workspace (not subject to the command allowlist):
 * clone, branch, stage, diff, commit. An access token reaches git only through environment
 * variables git reads as configuration ({@code GIT_CONFIG_COUNT}), never a file or an argv.
 */
public final class Git {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  private static final int KEEP_LINES = 100_000;
  private final ProcessManager processes;
  private final Map<String, String> baseEnvironment;

  /** A git command that failed; the message is git's own (redacted by the caller's logging). */
  public static final class GitFailed extends RuntimeException {
    public GitFailed(String message) {
      super(message);
    }
  }

  public Git(ProcessManager processes, String path, Path home) {
    this.processes = processes;
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("HOME", home.toString());
    env.put("LANG", "C.UTF-8");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "MergeLoom Worker");
    env.put("GIT_AUTHOR_EMAIL", "worker@mergeloom.invalid");
    env.put("GIT_COMMITTER_NAME", "MergeLoom Worker");
    env.put("GIT_COMMITTER_EMAIL", "worker@mergeloom.invalid");
    this.baseEnvironment = Map.copyOf(env);
  }

  /** Clones a URL or a local repository into {@code target}, at {@code branch} when given. */
  public Future<Void> clone(JobEnvelope.Repository repo, Path target) {
    List<String> argv = new ArrayList<>(List.of("git", "clone", "--quiet", "--no-hardlinks"));
    if (repo.defaultBranch() != null) {
      argv.addAll(List.of("--branch", repo.defaultBranch()));
    }
    argv.add("--");
    argv.add(repo.url() != null ? repo.url() : Path.of(repo.path()).toAbsolutePath().toString());
    argv.add(target.toString());
    return run(argv, null, repo.accessToken()).mapEmpty();
  }

  public Future<String> run(Path workspace, String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    return run(argv, workspace, Optional.empty());
  }

  private Future<String> run(List<String> argv, Path directory, Optional<SecretValue> token) {
    Map<String, String> env = new HashMap<>(baseEnvironment);
    token.ifPresent(t -> {
      // An HTTP header for every request of this one git process, from the environment only.
      String basic = Base64.getEncoder().encodeToString(("x-access-token:" + t.reveal()).getBytes(StandardCharsets.UTF_8));
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    });
    ProcessSpec spec = new ProcessSpec("git " + argv.get(1), argv, env, directory, TIMEOUT, KEEP_LINES);
    return processes.start(spec).compose(p -> p.exit()).compose(result -> result.exitCode() == 0
        ? Future.succeededFuture(String.join("\n", result.lastStdout()))
        : Future.failedFuture(new GitFailed("git " + argv.get(1) + " failed (exit " + result.exitCode() + "): "
            + describe(result))));
  }

  private static String describe(ProcessResult result) {
    List<String> lines = result.lastStderr().isEmpty() ? result.lastStdout() : result.lastStderr();
    String text = String.join(" ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
    return result.timedOut() ? "timed out" : text.isEmpty() ? "no output" : text;
  }
}
