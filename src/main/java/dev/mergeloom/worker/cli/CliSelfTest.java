package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessResult;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI self-test (contract §2.4): installed (version), logged in (status command), and a
 * trivial non-interactive run that succeeds, judged from the CLI's event stream rather than its
 * exit code alone. Same result shape as the API self-test, with the checks {@code config},
 * {@code installed}, {@code credentials} and {@code run}.
 */
public final class CliSelfTest {
  static final String PROMPT = "This is an automated self-test. Reply with the single word ok and do nothing else.";
  private final ProcessManager processes;
  private final CliSettings settings;
  private final CliStatusService status;
  private final Duration timeout;

  public CliSelfTest(ProcessManager processes, CliSettings settings, CliStatusService status, Duration timeout) {
    this.processes = processes;
    this.settings = settings;
    this.status = status;
    this.timeout = timeout;
  }

  public Future<JsonObject> run(ResolvedProvider p) {
    long started = System.nanoTime();
    JsonArray checks = new JsonArray();
    String id = p.spec().id();
    CliKind kind = CliKind.of(id);
    if (!p.missing().isEmpty()) {
      check(checks, "config", false, "missing: " + String.join(", ", p.missing()));
      skip(checks, "installed", "credentials", "run");
      return Future.succeededFuture(result(p, started, checks, "config_incomplete", "Set " + String.join(", ", p.missing()) + " first."));
    }
    check(checks, "config", true, "auth method " + p.authMethod().value());
    return status.status(id).compose(s -> {
      if (!Boolean.TRUE.equals(s.getBoolean("installed"))) {
        check(checks, "installed", false, s.getString("detail"));
        skip(checks, "credentials", "run");
        return Future.succeededFuture(result(p, started, checks, "not_installed", s.getString("detail")));
      }
      check(checks, "installed", true, s.getString("version"));
      boolean tokenMode = kind == CliKind.CLAUDE && !p.authMethod().value().equals(AuthMethods.CLI_LOGIN);
      if (!tokenMode && !Boolean.TRUE.equals(s.getBoolean("loggedIn"))) {
        String why = s.getValue("loggedIn") == null ? "cannot tell whether the CLI is logged in: " + s.getString("detail")
            : "the CLI is not logged in; start a login on this page";
        check(checks, "credentials", false, why);
        skip(checks, "run");
        return Future.succeededFuture(result(p, started, checks, "not_logged_in", why));
      }
      check(checks, "credentials", true, tokenMode ? "stored " + p.authMethod().value() : s.getString("method"));
      return trivialRun(p, kind).map(outcome -> {
        check(checks, "run", outcome == null, outcome == null ? "completed" : outcome);
        return result(p, started, checks, outcome == null ? null : "run_failed",
            outcome == null ? null : "The trivial run failed: " + outcome);
      });
    });
  }

  /** Runs the CLI once; null when its events say it completed, else why not. */
  private Future<String> trivialRun(ResolvedProvider p, CliKind kind) {
    String exe = settings.executable(kind).orElseThrow().toString();
    Map<String, String> env = new HashMap<>(settings.environment(kind));
    boolean codex = kind == CliKind.CODEX;
    List<String> argv = new ArrayList<>();
    if (codex) {
      argv.addAll(List.of(exe, "exec", "--json", "--skip-git-repo-check", "-s", "read-only"));
    } else {
      argv.addAll(List.of(exe, "-p", PROMPT, "--output-format", "stream-json", "--verbose", "--max-turns", "1"));
      env.put("CLAUDE_CODE_MAX_RETRIES", "1");
      if (p.authMethod().value().equals(AuthMethods.OAUTH_TOKEN)) {
        env.put("CLAUDE_CODE_OAUTH_TOKEN", p.value(Fields.OAUTH_TOKEN));
      } else if (p.authMethod().value().equals(AuthMethods.API_KEY)) {
        env.put("ANTHROPIC_API_KEY", p.value(Fields.API_KEY));
      }
    }
    if (p.value(Fields.MODEL) != null) {
      argv.addAll(List.of(kind.modelFlag(), p.value(Fields.MODEL)));
    }
    if (codex) {
      argv.add(PROMPT);
    }
    // The run asks for text only; the temp directory is a harmless place to start it in.
    Path scratch = Path.of(System.getProperty("java.io.tmpdir"));
    return processes.start(new ProcessSpec(kind.command() + " self-test run", argv, env, scratch, timeout, 200))
        .compose(proc -> proc.closeStdin().compose(v -> proc.exit()))
        .map(r -> codex ? judgeCodex(r) : judgeClaude(r))
        .recover(e -> Future.succeededFuture(e.getMessage()));
  }

  static String judgeCodex(ProcessResult r) {
    String failure = null;
    boolean completed = false;
    for (String line : r.lastStdout()) {
      JsonObject event = parse(line);
      if (event == null) {
        continue;
      }
      switch (event.getString("type", "")) {
        case "turn.completed" -> completed = true;
        case "turn.failed" -> failure = "turn failed: " + event.getValue("error");
        case "error" -> {
          String message = event.getString("message", "");
          if (!message.startsWith("Reconnecting")) {
            failure = message;
          }
        }
        default -> {}
      }
    }
    if (r.timedOut()) {
      return "no result within the time limit (a CLI without network keeps reconnecting)";
    }
    return completed && failure == null ? null : failure != null ? failure : "no turn.completed event (exit " + r.exitCode() + ")";
  }

  static String judgeClaude(ProcessResult r) {
    List<String> lines = r.lastStdout();
    for (int i = lines.size() - 1; i >= 0; i--) {
      JsonObject event = parse(lines.get(i));
      if (event != null && "result".equals(event.getString("type"))) {
        return Boolean.TRUE.equals(event.getBoolean("is_error")) ? String.valueOf(event.getValue("result")) : null;
      }
    }
    return r.timedOut() ? "no result within the time limit" : "no result event (exit " + r.exitCode() + ")";
  }

  private static JsonObject parse(String line) {
    try {
      return line.startsWith("{") ? new JsonObject(line) : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private static JsonObject result(ResolvedProvider p, long started, JsonArray checks, String code, String message) {
    JsonObject result = new JsonObject().put("status", code == null ? "passed" : "failed").put("provider", p.spec().id())
        .put("model", p.value(Fields.MODEL)).put("latencyMs", (System.nanoTime() - started) / 1_000_000)
        .put("checkedAt", Instant.now().toString()).put("checks", checks);
    if (code != null) {
      result.put("error", new JsonObject().put("code", code).put("message", message));
    }
    return result;
  }

  private static void check(JsonArray checks, String name, boolean passed, String detail) {
    checks.add(new JsonObject().put("name", name).put("status", passed ? "passed" : "failed").put("detail", detail));
  }

  private static void skip(JsonArray checks, String... names) {
    for (String name : names) {
      checks.add(new JsonObject().put("name", name).put("status", "skipped").putNull("detail"));
    }
  }
}
