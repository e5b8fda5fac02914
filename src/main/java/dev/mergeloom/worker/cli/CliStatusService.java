package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessResult;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Is the CLI installed (its version), and is it logged in: {@code codex login status} (text, on
 * stderr, and the exit code) or {@code claude auth status} (JSON; {@code loggedIn} is trusted,
 * anything unparseable means "cannot tell", not "logged out"). Each command is bounded by a
 * timeout. The answer holds the login method, never a credential.
 */
public final class CliStatusService {
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private final ProcessManager processes;
  private final CliSettings settings;

  public CliStatusService(ProcessManager processes, CliSettings settings) {
    this.processes = processes;
    this.settings = settings;
  }

  /** Whether the provider's CLI was found (configured path, PATH or .tools/clis); no process runs. */
  public boolean installed(String provider) {
    return CliKind.find(provider).flatMap(settings::executable).isPresent();
  }

  public CliSettings settings() {
    return settings;
  }

  public Future<JsonObject> status(String provider) {
    CliKind kind = CliKind.of(provider);
    Optional<Path> cli = settings.executable(kind);
    Map<String, String> env = settings.environment(kind);
    if (cli.isEmpty()) {
      return Future.succeededFuture(new JsonObject().put("installed", false).putNull("version").putNull("loggedIn")
          .putNull("method").put("detail", CliSettings.installHint(kind)));
    }
    String exe = cli.get().toString();
    return run(exe + " --version", List.of(exe, "--version"), env).compose(version -> {
      String v = version.lastStdout().isEmpty() ? null : LoginOutput.strip(version.lastStdout().get(0));
      List<String> argv = new java.util.ArrayList<>(List.of(exe));
      argv.addAll(kind.statusArgs());
      return run(String.join(" ", argv.subList(1, argv.size())), argv, env)
          .map(result -> (kind == CliKind.CODEX ? codex(result) : claude(result)).put("installed", true).put("version", v));
    }).recover(e -> Future.succeededFuture(new JsonObject().put("installed", true).putNull("version")
        .putNull("loggedIn").putNull("method").put("detail", "could not run the CLI: " + e.getMessage())));
  }

  private Future<ProcessResult> run(String name, List<String> argv, Map<String, String> env) {
    return processes.start(new ProcessSpec(name, argv, env, null, TIMEOUT, 50))
        .compose(p -> p.closeStdin().compose(v -> p.exit()));
  }

  static JsonObject codex(ProcessResult r) {
    List<String> lines = new ArrayList<>();
    r.lastStderr().forEach(l -> lines.add(LoginOutput.strip(l)));
    r.lastStdout().forEach(l -> lines.add(LoginOutput.strip(l)));
    JsonObject out = new JsonObject().put("detail", r.timedOut() ? "codex login status did not answer in time" : null);
    if (r.timedOut()) {
      return out.putNull("loggedIn").putNull("method");
    }
    for (String line : lines) {
      if (line.startsWith("Not logged in")) {
        return out.put("loggedIn", false).putNull("method");
      }
      if (line.startsWith("Logged in using ChatGPT")) {
        return out.put("loggedIn", true).put("method", "ChatGPT");
      }
      if (line.startsWith("API key configured") || line.startsWith("Logged in using an API key")) {
        return out.put("loggedIn", true).put("method", "API key");
      }
      if (line.startsWith("Logged in using ")) {
        return out.put("loggedIn", true).put("method", line.substring("Logged in using ".length()));
      }
    }
    return out.putNull("loggedIn").putNull("method").put("detail", "unrecognised output of codex login status (exit "
        + r.exitCode() + ")");
  }

  static JsonObject claude(ProcessResult r) {
    String text = String.join("\n", r.lastStdout());
    try {
      JsonObject json = new JsonObject(text.substring(Math.max(0, text.indexOf('{'))));
      Object loggedIn = json.getValue("loggedIn");
      if (loggedIn instanceof Boolean b) {
        String method = json.getString("authMethod");
        return new JsonObject().put("loggedIn", b).put("method", b && !AuthMethods.NONE.equals(method) ? method : null)
            .putNull("detail");
      }
    } catch (DecodeException | ClassCastException | StringIndexOutOfBoundsException e) {
      // falls through to "cannot tell"
    }
    return new JsonObject().putNull("loggedIn").putNull("method").put("detail", r.timedOut()
        ? "claude auth status did not answer in time" : "unrecognised output of claude auth status (exit " + r.exitCode() + ")");
  }
}
