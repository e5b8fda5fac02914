package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.cli.CliKind;
import dev.mergeloom.worker.cli.CliSettings;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.jobs.loop.ToolLoop.Exit;
import dev.mergeloom.worker.jobs.loop.ToolLoop.Outcome;
import dev.mergeloom.worker.process.OutputLine;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job session on a CLI provider: the CLI itself is the tool loop ({@code codex exec --json} or
 * {@code claude -p --output-format stream-json}), run in the workspace with stdin closed and a
 * time limit. Its JSON events become the job's events; success is decided from them (Codex:
 * {@code turn.completed} and no {@code turn.failed}; Claude: the {@code result} event's
 * {@code is_error}), not from the exit code alone.
 */
final class CliSession {
  private final ProcessManager processes;
  private final CliSettings cli;
  private final ResolvedProvider provider;
  private final String model;
  private final Set<String> allowedCommands;
  private final int maxTurns;
  private final Duration timeout;
  private final ToolLoop.Session session;
  private final JobTools.CommandHooks hooks;
  private final String stage;
  private final java.util.Optional<Boxed> boxed;

  /**
   * The job's sandbox for the CLI, with what it needs there.
   *
   * @param config the per-job copy of the CLI's config directory
   * @param install the CLI's installation, shown read-only
   * @param egress the socket of the proxy that reaches the CLI's provider endpoints
   */
  record Boxed(dev.mergeloom.worker.process.Sandbox sandbox, Path config, Path install, Path egress) {}

  CliSession(ProcessManager processes, CliSettings cli, ResolvedProvider provider, String model,
      Set<String> allowedCommands, int maxTurns, Duration timeout, ToolLoop.Session session,
      JobTools.CommandHooks hooks, String stage, java.util.Optional<Boxed> boxed) {
    this.boxed = boxed;
    this.processes = processes;
    this.cli = cli;
    this.provider = provider;
    this.model = model;
    this.allowedCommands = allowedCommands;
    this.maxTurns = maxTurns;
    this.timeout = timeout;
    this.session = session;
    this.hooks = hooks;
    this.stage = stage;
  }

  /** What the event stream said, gathered as it arrives. */
  private static final class Tally {
    long inputTokens;
    long outputTokens;
    int turns;
    int toolCalls;
    boolean completed;
    String failure;
    String lastMessage;
    Double cost;
  }

  Future<Outcome> run(String task, Path workspace) {
    CliKind kind = CliKind.of(provider.spec().id());
    boolean codex = kind == CliKind.CODEX;
    Path exe = cli.executable(kind).orElse(null);
    if (exe == null) {
      return Future.succeededFuture(new Outcome(Exit.PROVIDER_ERROR, null, "the " + kind.command()
          + " CLI is not installed", 0, 0, 0, 0, 0));
    }
    Map<String, String> env = new HashMap<>(cli.environment(kind));
    List<String> argv = new ArrayList<>();
    if (codex) {
      argv.addAll(List.of(exe.toString(), "exec", "--json", "-C", workspace.toString(), "-s", "workspace-write",
          "--skip-git-repo-check"));
      if (model != null) {
        argv.addAll(List.of(kind.modelFlag(), model));
      }
      argv.add(task);
    } else {
      argv.addAll(List.of(exe.toString(), "-p", task, "--output-format", "stream-json", "--verbose",
          "--permission-mode", "acceptEdits", "--max-turns", Integer.toString(maxTurns), "--allowedTools",
          String.join(" ", allowedCommands.stream().sorted().map(c -> "Bash(" + c + ":*)").toList())));
      if (model != null) {
        argv.addAll(List.of(kind.modelFlag(), model));
      }
      env.put("CLAUDE_CODE_MAX_RETRIES", "3");
      if (provider.authMethod().value().equals(AuthMethods.OAUTH_TOKEN)) {
        env.put("CLAUDE_CODE_OAUTH_TOKEN", provider.value(Fields.OAUTH_TOKEN));
      } else if (provider.authMethod().value().equals(AuthMethods.API_KEY)) {
        env.put("ANTHROPIC_API_KEY", provider.value(Fields.API_KEY));
      }
    }
    if (boxed.isPresent()) {
      // In the job's sandbox: the per-job config copy instead of the shared logins, the network
      // only through the proxy to the provider's endpoints, and Codex's own sandbox off inside
      // ours, as Codex recommends where an outer sandbox is the boundary.
      env.put(kind.configVariable(), boxed.get().config().toString());
      int s = argv.indexOf("workspace-write");
      if (s > 0) {
        argv.set(s, "danger-full-access");
      }
      List<String> wrapped = boxed.get().sandbox().wrap(argv, new dev.mergeloom.worker.process.Sandbox.Request(workspace,
          false, List.of(boxed.get().install()), env, timeout.toSeconds(), List.of(boxed.get().config()), boxed.get().egress(), false));
      argv = new ArrayList<>(wrapped);
      env = new HashMap<>(Map.of("PATH", env.getOrDefault("PATH", "/usr/bin:/bin")));
    }
    Tally tally = new Tally();
    long started = System.nanoTime();
    session.event("provider.request", new JsonObject().put("stage", stage).put("cli", kind.command()));
    ProcessSpec plain = new ProcessSpec(kind.command() + " job run", argv, env, workspace, timeout, 20);
    ProcessSpec spec = boxed.map(b -> b.sandbox().confine(plain)).orElse(plain);
    return processes.start(spec, line -> onLine(line, codex, tally)).compose(process -> {
      hooks.started(process);
      return process.closeStdin().compose(v -> process.exit());
    }).map(result -> {
      long ms = (System.nanoTime() - started) / 1_000_000;
      Exit exit;
      String error = null;
      if (session.cancelled().isComplete()) {
        exit = Exit.CANCELLED;
      } else if (result.timedOut()) {
        exit = Exit.TIMEOUT;
        error = "the CLI ran longer than " + timeout.toSeconds() + " s";
      } else if (tally.completed && tally.failure == null) {
        exit = Exit.COMPLETED;
      } else {
        exit = Exit.PROVIDER_ERROR;
        error = tally.failure != null ? tally.failure : "the CLI ended (exit " + result.exitCode() + ") without a result"
            + (result.limitReached() == null ? "" : ", at its sandbox " + result.limitReached() + " limit");
      }
      String summary = tally.lastMessage == null ? "(the CLI gave no summary)" : JobTools.abbreviate(tally.lastMessage, 2_000);
      return new Outcome(exit, summary, error, tally.inputTokens, tally.outputTokens, Math.max(1, tally.turns),
          tally.toolCalls, ms, tally.cost);
    }).recover(e -> Future.succeededFuture(new Outcome(Exit.PROVIDER_ERROR, null, e.getMessage(), 0, 0, 0, 0,
        (System.nanoTime() - started) / 1_000_000)));
  }

  private void onLine(OutputLine line, boolean codex, Tally tally) {
    if (line.stream() != OutputLine.Stream.STDOUT || !line.line().startsWith("{")) {
      return;
    }
    JsonObject event;
    try {
      event = new JsonObject(line.line());
    } catch (DecodeException e) {
      return;
    }
    if (codex) {
      codexEvent(event, tally);
    } else {
      claudeEvent(event, tally);
    }
  }

  private void codexEvent(JsonObject event, Tally tally) {
    switch (event.getString("type", "")) {
      case "turn.completed" -> {
        tally.completed = true;
        tally.turns++;
        JsonObject usage = event.getJsonObject("usage", new JsonObject());
        tally.inputTokens += usage.getLong("input_tokens", 0L);
        tally.outputTokens += usage.getLong("output_tokens", 0L);
      }
      case "turn.failed" -> tally.failure = "turn failed: " + event.getValue("error");
      case "error" -> {
        String message = event.getString("message", "");
        if (!message.startsWith("Reconnecting")) {
          tally.failure = message;
        }
      }
      case "item.completed" -> {
        JsonObject item = event.getJsonObject("item", new JsonObject());
        switch (item.getString("type", "")) {
          case "agent_message" -> {
            tally.lastMessage = item.getString("text");
            session.event("provider.reply", new JsonObject().put("stage", stage)
                .put("text", JobTools.abbreviate(tally.lastMessage, 500)).put("toolCalls", new JsonArray())
                .put("inputTokens", 0).put("outputTokens", 0));
          }
          case "command_execution" -> {
            tally.toolCalls++;
            session.event("tool.call", new JsonObject().put("stage", stage).put("tool", "command")
                .put("arguments", JobTools.abbreviate(String.valueOf(item.getValue("command")), 500)));
            session.event("tool.result", new JsonObject().put("stage", stage).put("tool", "command")
                .put("error", !Integer.valueOf(0).equals(item.getInteger("exit_code")))
                .put("content", JobTools.abbreviate(item.getString("aggregated_output", ""), 500)));
          }
          case "file_change" -> {
            tally.toolCalls++;
            session.event("tool.call", new JsonObject().put("stage", stage).put("tool", "file_change")
                .put("arguments", JobTools.abbreviate(String.valueOf(item.getValue("changes")), 500)));
          }
          default -> {}
        }
      }
      default -> {}
    }
  }

  private void claudeEvent(JsonObject event, Tally tally) {
    switch (event.getString("type", "")) {
      case "assistant" -> {
        tally.turns++;
        for (Object o : event.getJsonObject("message", new JsonObject()).getJsonArray("content", new JsonArray())) {
          JsonObject block = (JsonObject) o;
          if ("tool_use".equals(block.getString("type"))) {
            tally.toolCalls++;
            session.event("tool.call", new JsonObject().put("stage", stage).put("tool", block.getString("name"))
                .put("arguments", JobTools.abbreviate(String.valueOf(block.getValue("input")), 500)));
          } else if ("text".equals(block.getString("type"))) {
            session.event("provider.reply", new JsonObject().put("stage", stage)
                .put("text", JobTools.abbreviate(block.getString("text"), 500)).put("toolCalls", new JsonArray())
                .put("inputTokens", 0).put("outputTokens", 0));
          }
        }
      }
      case "user" -> {
        for (Object o : event.getJsonObject("message", new JsonObject()).getJsonArray("content", new JsonArray())) {
          if (o instanceof JsonObject block && "tool_result".equals(block.getString("type"))) {
            session.event("tool.result", new JsonObject().put("stage", stage).put("tool", "result")
                .put("error", Boolean.TRUE.equals(block.getBoolean("is_error")))
                .put("content", JobTools.abbreviate(String.valueOf(block.getValue("content")), 500)));
          }
        }
      }
      case "result" -> {
        JsonObject usage = event.getJsonObject("usage", new JsonObject());
        tally.inputTokens = usage.getLong("input_tokens", 0L);
        tally.outputTokens = usage.getLong("output_tokens", 0L);
        tally.turns = Math.max(tally.turns, event.getInteger("num_turns", 0));
        tally.lastMessage = event.getString("result");
        Object cost = event.getValue("total_cost_usd");
        tally.cost = cost instanceof Number n ? n.doubleValue() : null;
        if (Boolean.TRUE.equals(event.getBoolean("is_error"))) {
          tally.failure = String.valueOf(event.getValue("result"));
        } else {
          tally.completed = true;
        }
      }
      default -> {}
    }
  }
}
