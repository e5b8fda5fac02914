package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessResult;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
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
  /** Runs in-process clones; bounded, and it frees a thread without waiting for an event loop. */
  private final WorkerExecutor threads;
  private final ProcessManager processes;
  private final AsyncLimiter limiter;
  private final Map<String, String> baseEnvironment;

  /** A git command that failed; the message is git's own (redacted by the caller's logging). */
  public static final class GitFailed extends RuntimeException {
    public GitFailed(String message) {
      super(message);
    }
  }

  /**
   * Switched off from the command line for every git the worker runs in a workspace, so that no
   * setting a repository or a job's command could have written runs code in the worker's git:
   * hooks, fsmonitor, pagers, editors, external diff and textconv, ssh, and the ext:: transport.
   * (Command-line settings win over the repository's own config.)
   */
  static final List<String> HARDENING = List.of("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
      "-c", "core.pager=cat", "-c", "core.editor=false", "-c", "core.sshCommand=false", "-c", "diff.external=",
      "-c", "protocol.ext.allow=never", "-c", "protocol.file.allow=user", "-c", "core.askPass=",
      "-c", "credential.helper=", "-c", "uploadpack.packObjectsHook=", "-c", "core.alternateRefsCommand=");

  /** Where the worker's workspace git runs: in the job's sandbox (work tree and .git writable), or not. */
  private java.util.Optional<dev.mergeloom.worker.process.Sandbox> sandbox = java.util.Optional.empty();

  public Git(WorkerExecutor threads, ProcessManager processes, AsyncLimiter limiter, String path, Path home) {
    this.threads = threads;
    this.processes = processes;
    this.limiter = limiter;
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("HOME", home.toString());
    env.put("LANG", "C.UTF-8");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_ATTR_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "MergeLoom Worker");
    env.put("GIT_AUTHOR_EMAIL", "worker@mergeloom.invalid");
    env.put("GIT_COMMITTER_NAME", "MergeLoom Worker");
    env.put("GIT_COMMITTER_EMAIL", "worker@mergeloom.invalid");
    this.baseEnvironment = Map.copyOf(env);
  }

  /**
   * Clones a URL or a local repository into {@code target}, at {@code branch} when given. A plain
   * local repository is cloned in-process ({@link LocalClone}); anything else by {@code git clone}.
   */
  public Future<Void> clone(JobEnvelope.Repository repo, Path target) {
    if (repo.url() != null) {
      return gitClone(repo, repo.url(), target);
    }
    return cloneLocal(repo, target, null).mapEmpty();
  }

  /** What a local clone did: the ticket branch's commit if it had one, and whether JGit could clone it. */
  private record LocalCloned(Optional<String> tip, boolean done, JobEnvelope.Repository chosen) {}

  /**
   * Clones a local repository in-process, or by {@code git clone} when JGit cannot, at
   * {@code ticketBranch} when that is given and the repository has it (asked in the same trip to
   * a worker thread as the clone: 500 checkouts at once wait for those threads), and answers that
   * branch's commit.
   */
  Future<Optional<String>> cloneLocal(JobEnvelope.Repository repo, Path target, String ticketBranch) {
    Path source = Path.of(repo.path()).toAbsolutePath().normalize();
    return threads.executeBlocking(() -> {
      Optional<String> tip = ticketBranch == null ? Optional.empty() : Continuation.localTip(source, ticketBranch);
      JobEnvelope.Repository chosen = tip.isPresent() ? repo.at(ticketBranch) : repo;
      return new LocalCloned(tip, LocalClone.tryClone(source, chosen.defaultBranch(), target), chosen);
    }, false).recover(e -> Future.failedFuture(new GitFailed("cloning " + source + " failed: " + e.getMessage())))
        .compose(cloned -> cloned.done() ? Future.succeededFuture(cloned.tip())
            : gitClone(cloned.chosen(), source.toString(), target).map(cloned.tip()));
  }

  private Future<Void> gitClone(JobEnvelope.Repository repo, String source, Path target) {
    // A local clone hardlinks the object files: git never changes an object in place, so the
    // source repository is safe, and a clone costs no copy.
    List<String> argv = new ArrayList<>(List.of("git", "clone", "--quiet"));
    if (repo.defaultBranch() != null) {
      argv.addAll(List.of("--branch", repo.defaultBranch()));
    }
    argv.add("--");
    argv.add(source);
    argv.add(target.toString());
    return run("clone", argv, null, repo.accessToken()).mapEmpty();
  }

  /**
   * The commit HEAD points at, read from git's files (a loose ref, else packed-refs): one file
   * read instead of a {@code rev-parse} process. Jobs run git a lot, and on a small machine the
   * process starts are what 500 concurrent jobs spend their time on. Blocking.
   */
  public static String head(Path workspace) throws java.io.IOException {
    Path dotGit = workspace.resolve(".git");
    String head = java.nio.file.Files.readString(dotGit.resolve("HEAD")).strip();
    if (!head.startsWith("ref: ")) {
      return head;
    }
    String ref = head.substring(5).strip();
    Path loose = dotGit.resolve(ref);
    if (java.nio.file.Files.isRegularFile(loose)) {
      return java.nio.file.Files.readString(loose).strip();
    }
    Path packed = dotGit.resolve("packed-refs");
    if (java.nio.file.Files.isRegularFile(packed)) {
      for (String line : java.nio.file.Files.readAllLines(packed)) {
        if (line.endsWith(" " + ref)) {
          return line.substring(0, line.indexOf(' '));
        }
      }
    }
    throw new java.io.IOException("HEAD (" + ref + ") has no commit in " + workspace);
  }

  /**
   * Creates {@code branch} at the current commit and checks it out, by writing the two files
   * {@code git checkout -b} would change when the commit stays the same (the work tree and index
   * do not change). Blocking.
   */
  public static String startBranch(Path workspace, String branch) throws java.io.IOException {
    if (!branch.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || branch.contains("..") || branch.endsWith(".lock")) {
      throw new java.io.IOException("'" + branch + "' is not a safe branch name");
    }
    String commit = head(workspace);
    Path ref = workspace.resolve(".git/refs/heads").resolve(branch);
    java.nio.file.Files.createDirectories(ref.getParent());
    java.nio.file.Files.writeString(ref, commit + "\n");
    java.nio.file.Files.writeString(workspace.resolve(".git/HEAD"), "ref: refs/heads/" + branch + "\n");
    return commit;
  }

  /** Runs the workspace's git inside this sandbox from now on. */
  public Git sandboxed(java.util.Optional<dev.mergeloom.worker.process.Sandbox> sandbox) {
    this.sandbox = sandbox;
    return this;
  }

  /**
   * Runs git in a workspace with {@link #HARDENING}, with --no-ext-diff and --no-textconv for
   * diffs, inside the job's sandbox when there is one (the work tree's own filters and hooks then
   * run, if at all, where a job's commands run).
   */
  public Future<String> run(Path workspace, String... args) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(HARDENING);
    argv.add(args[0]);
    if (List.of("diff", "format-patch", "show", "log").contains(args[0])) {
      argv.addAll(List.of("--no-ext-diff", "--no-textconv"));
    }
    argv.addAll(List.of(args).subList(1, args.length));
    if (sandbox.isPresent()) {
      List<String> wrapped = sandbox.get().wrap(argv, new dev.mergeloom.worker.process.Sandbox.Request(workspace, true,
          List.of(), baseEnvironment, TIMEOUT.toSeconds()));
      return run(args[0], wrapped, workspace, Optional.empty(), sandbox.get()::confine);
    }
    return run(args[0], argv, workspace, Optional.empty(), spec -> spec);
  }

  /**
   * Pushes the workspace's {@code branch} to the same branch at {@code url}, never forced (a
   * branch there with commits this one lacks is refused by the remote), with the job's token in
   * the environment. The worker's own push: outside the sandbox, as the clone is, with
   * {@link #HARDENING}, so the workspace's config cannot name a helper or a hook to run.
   */
  public Future<String> push(Path workspace, String url, String branch, Optional<SecretValue> token) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(HARDENING);
    argv.addAll(List.of("push", "--quiet", "--no-verify", "--", url, "refs/heads/" + branch + ":refs/heads/" + branch));
    return run("push", argv, workspace, token);
  }

  /**
   * Fetches one commit, and no history before it, from {@code source} (a URL, with the token in
   * the environment, or a local repository) into the repository at {@code repo}: what a rebuilt
   * commit goes on top of. The server must let a commit be asked for by its id, as git's protocol
   * v2 does (GitHub, GitLab, Gitea, Azure Repos, a local repository).
   */
  public Future<String> fetchCommit(Path repo, String source, String commit, Optional<SecretValue> token) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(HARDENING);
    argv.addAll(List.of("fetch", "--quiet", "--no-tags", "--depth=1", "--", source, commit));
    return run("fetch", argv, repo, token);
  }

  /** The commit {@code branch} points at on the remote at {@code url}, if it has that branch. */
  public Future<Optional<String>> remoteBranch(String url, String branch, Optional<SecretValue> token) {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(HARDENING);
    argv.addAll(List.of("ls-remote", "--heads", "--", url, "refs/heads/" + branch));
    return run("ls-remote", argv, null, token).map(out -> out.lines().map(l -> l.split("\t"))
        .filter(f -> f.length == 2 && f[1].equals("refs/heads/" + branch)).map(f -> f[0]).findFirst());
  }

  private Future<String> run(String command, List<String> argv, Path directory, Optional<SecretValue> token) {
    return run(command, argv, directory, token, spec -> spec);
  }

  /** @param confine the sandbox's cgroup for a wrapped command, or nothing */
  private Future<String> run(String command, List<String> argv, Path directory, Optional<SecretValue> token,
      java.util.function.UnaryOperator<ProcessSpec> confine) {
    Map<String, String> env = new HashMap<>(baseEnvironment);
    token.ifPresent(t -> {
      // An HTTP header for every request of this one git process, from the environment only.
      String basic = Base64.getEncoder().encodeToString(("x-access-token:" + t.reveal()).getBytes(StandardCharsets.UTF_8));
      env.put("GIT_CONFIG_COUNT", "1");
      env.put("GIT_CONFIG_KEY_0", "http.extraHeader");
      env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    });
    ProcessSpec spec = confine.apply(new ProcessSpec("git " + command, argv, env, directory, TIMEOUT, KEEP_LINES));
    return limiter.run(() -> processes.start(spec).compose(p -> p.exit())).compose(result -> result.exitCode() == 0
        ? Future.succeededFuture(String.join("\n", result.lastStdout()))
        : Future.failedFuture(new GitFailed("git " + command + " failed (exit " + result.exitCode() + "): "
            + describe(result))));
  }

  private static String describe(ProcessResult result) {
    List<String> lines = result.lastStderr().isEmpty() ? result.lastStdout() : result.lastStderr();
    String text = String.join(" ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
    String limit = result.limitReached() == null ? "" : " (at its sandbox " + result.limitReached() + " limit)";
    return (result.timedOut() ? "timed out" : text.isEmpty() ? "no output" : text) + limit;
  }
}
