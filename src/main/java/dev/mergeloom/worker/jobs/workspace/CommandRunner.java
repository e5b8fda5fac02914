package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.process.ManagedProcess;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the commands of a job (the model's and the configured setup and validation commands):
 * argv only, the executable by name from the allowlist, no shell, a fresh environment that holds
 * no secret of the worker, a time limit that ends the whole process tree, output capped.
 */
public final class CommandRunner {
  public static final int HEAD_CHARS = 8_000;
  public static final int TAIL_CHARS = 8_000;

  private final ProcessManager processes;
  private final Set<String> allowed;
  private final Duration timeout;
  private final Map<String, String> environment;
  private final java.util.Optional<dev.mergeloom.worker.process.Sandbox> sandbox;
  private final Path egress;

  /** How a command ended, as the record and the model see it. */
  public record Outcome(List<String> argv, int exitCode, long durationMs, String output, boolean timedOut,
      boolean truncated) {
    public boolean ok() {
      return exitCode == 0 && !timedOut;
    }

    public JsonObject toJson() {
      return new JsonObject().put("argv", new JsonArray(argv)).put("exitCode", exitCode).put("durationMs", durationMs)
          .put("timedOut", timedOut).put("truncated", truncated).put("output", output);
    }
  }

  /** A command the allowlist does not allow (or a malformed one); nothing ran. */
  public static final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * @param path the PATH commands see (the worker's own PATH: not a secret, and where git, python3
   *     and the other allowed tools are)
   * @param home a private home directory for the job's commands, so no operator dotfile is read
   */
  public CommandRunner(ProcessManager processes, Set<String> allowed, Duration timeout, String path, Path home) {
    this(processes, allowed, timeout, path, home, java.util.Optional.empty(), java.util.Optional.empty());
  }

  /**
   * @param sandbox where commands run: in bubblewrap, or (when empty) as the worker's own children
   * @param egress the job's egress proxy socket: the sandbox's only way out; without one, no network
   */
  public CommandRunner(ProcessManager processes, Set<String> allowed, Duration timeout, String path, Path home,
      java.util.Optional<dev.mergeloom.worker.process.Sandbox> sandbox, java.util.Optional<Path> egress) {
    this.sandbox = sandbox;
    this.egress = egress.orElse(null);
    this.processes = processes;
    this.allowed = Set.copyOf(allowed);
    this.timeout = timeout;
    this.environment = Map.of("PATH", path, "HOME", home.toString(), "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8",
        "GIT_TERMINAL_PROMPT", "0", "PYTHONDONTWRITEBYTECODE", "1", "NO_COLOR", "1", "TERM", "dumb");
  }

  /** Checks an argv against the allowlist; the message names the command and what is allowed. */
  public void check(List<String> argv) {
    if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
      throw new Refused("empty command: expected an argv such as [\"python3\", \"-m\", \"pytest\"]");
    }
    String executable = argv.get(0);
    if (executable.contains("/") || executable.contains("\\")) {
      throw new Refused("'" + executable + "' is a path; give the executable by name (one of: "
          + String.join(", ", allowed.stream().sorted().toList()) + ")");
    }
    if (!allowed.contains(executable)) {
      throw new Refused("'" + executable + "' is not an allowed command (allowed: "
          + String.join(", ", allowed.stream().sorted().toList()) + "; see JCA_WORKER_ALLOWED_COMMANDS)");
    }
  }

  /**
   * Runs {@code argv} in {@code directory}. {@code running} receives the process (so cancel can
   * stop it); {@code onLine} each output line as it arrives.
   */
  public Future<Outcome> run(List<String> argv, Path directory, Consumer<ManagedProcess> running,
      Consumer<String> onLine) {
    try {
      check(argv);
    } catch (Refused e) {
      return Future.failedFuture(e);
    }
    OutputCap cap = new OutputCap(HEAD_CHARS, TAIL_CHARS);
    // In the sandbox the command sees only the work tree (its .git read-only) and the system; its
    // CPU time is bounded by the wall-clock limit too.
    List<String> run = sandbox.map(s -> s.wrap(argv, new dev.mergeloom.worker.process.Sandbox.Request(directory, false,
        List.of(), environment, timeout.toSeconds()).withEgress(egress))).orElse(argv);
    ProcessSpec plain = new ProcessSpec("job command " + argv.get(0), run, sandbox.isPresent()
        ? Map.of("PATH", environment.get("PATH")) : environment, directory, timeout, 0);
    ProcessSpec spec = sandbox.map(s -> s.confine(plain)).orElse(plain);
    return processes.start(spec, line -> {
      cap.line(line.line());
      onLine.accept(line.line());
    }).compose(process -> {
      running.accept(process);
      return process.exit();
    }).map(result -> new Outcome(argv, result.exitCode(), result.duration().toMillis(),
        cap.text() + limitNote(result.limitReached()), result.timedOut(), cap.truncated()));
  }

  /** Tells the model (and the record) why a command died when its cgroup's limit was the cause. */
  private String limitNote(String limit) {
    if (limit == null) {
      return "";
    }
    return "\n[mergeloom-worker: the command reached its " + (limit.equals("memory")
        ? "memory limit and the kernel killed a process of it" : "process limit and a fork was refused") + "]";
  }
}
