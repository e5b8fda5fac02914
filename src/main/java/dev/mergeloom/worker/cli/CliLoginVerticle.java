package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.process.OutputLine;
import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.process.ProcessResult;
import dev.mergeloom.worker.process.ProcessSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * CLI logins as processes the worker owns (contract §2.4): Codex device login, Codex API-key
 * login (the key piped on stdin, never on the command line), and Claude's browser sign-in with
 * the pasted {@code code#state}. One login per provider at a time; each ends by itself, by
 * cancel, by its time limit, or with the worker.
 *
 * <p>The verticle owns the sessions: requests arrive on the {@code CLI_LOGIN_*} addresses (see
 * {@link CliLogins}), and the login processes report on its context, so one thread changes them
 * and nothing is locked. Answers are {@link LoginView} copies.
 */
public final class CliLoginVerticle extends VerticleBase {
  static final String DEVICE_AUTH_HINT = "If the browser says device code sign-in is not enabled, enable it in "
      + "ChatGPT's security settings and start again.";

  private final ProcessManager processes;
  private final CliSettings settings;
  private final Duration timeout;
  private final Map<String, LoginSession> sessions = new HashMap<>();

  public CliLoginVerticle(ProcessManager processes, CliSettings settings, Duration timeout) {
    this.processes = processes;
    this.settings = settings;
    this.timeout = timeout;
  }

  @Override
  public Future<?> start() {
    return Future.all(List.of(
        Bus.<ResolvedProvider>serve(vertx, Addresses.CLI_LOGIN_START, p -> start(p).map(LoginSession::view)),
        Bus.<CliLogins.Code>serve(vertx, Addresses.CLI_LOGIN_CODE, c -> submitCode(c.provider(), c.code())
            .map(LoginSession::view)),
        Bus.<String>serve(vertx, Addresses.CLI_LOGIN_CANCEL, id -> cancel(id).map(LoginSession::view)),
        Bus.<Object>serve(vertx, Addresses.CLI_LOGIN_ALL, ignored -> Future.succeededFuture(all()))));
  }

  private Map<String, LoginView> all() {
    Map<String, LoginView> views = new HashMap<>();
    sessions.forEach((id, session) -> views.put(id, session.view()));
    return Map.copyOf(views);
  }

  /** A refused login request, with the login that is running when that is why. */
  private static Refusal refused(Refusal.Code code, String message, LoginSession running) {
    return new Refusal(code, message, running == null ? new io.vertx.core.json.JsonObject()
        : new io.vertx.core.json.JsonObject().put("login", running.view().toJson()));
  }

  private Future<LoginSession> start(ResolvedProvider p) {
    String id = p.spec().id();
    LoginSession current = sessions.get(id);
    if (current != null && !current.state().finished()) {
      return Future.failedFuture(refused(Refusal.Code.LOGIN_CONFLICT, "A login of " + id + " is already running", current));
    }
    String method = p.authMethod().value();
    CliKind kind = CliKind.of(id);
    boolean codex = kind == CliKind.CODEX;
    Optional<Path> cli = settings.executable(kind);
    if (cli.isEmpty()) {
      return Future.failedFuture(refused(Refusal.Code.LOGIN_NOT_POSSIBLE, CliSettings.installHint(kind), null));
    }
    List<String> argv;
    if (codex && method.equals(AuthMethods.CLI_LOGIN)) {
      argv = List.of(cli.get().toString(), "login", "--device-auth");
    } else if (codex && method.equals(AuthMethods.API_KEY)) {
      argv = List.of(cli.get().toString(), "login", "--with-api-key");
    } else if (!codex && method.equals(AuthMethods.CLI_LOGIN)) {
      argv = List.of(cli.get().toString(), "auth", "login");
    } else {
      return Future.failedFuture(refused(Refusal.Code.LOGIN_NOT_POSSIBLE, "Auth method " + method + " of " + id + " needs no login: the "
          + "stored credential is given to each run.", null));
    }
    LoginSession session = new LoginSession(id, timeout);
    sessions.put(id, session);
    Map<String, String> env = settings.environment(kind);
    Consumer<OutputLine> parser = codex ? codexParser(session) : claudeParser(session);
    return processes.start(new ProcessSpec(kind.command() + " login", argv, env, null, timeout, 50), parser)
        .compose(process -> {
          session.process = process;
          process.exit().onSuccess(result -> finish(session, result, kind));
          if (codex && method.equals(AuthMethods.API_KEY)) {
            return process.writeLine(p.value(Fields.API_KEY)).compose(v -> process.closeStdin());
          }
          return codex ? process.closeStdin() : Future.succeededFuture();
        })
        .map(session)
        .recover(e -> {
          session.state(LoginState.FAILED, e.getMessage());
          return Future.failedFuture(refused(Refusal.Code.LOGIN_NOT_POSSIBLE, e.getMessage(), null));
        });
  }

  private static Consumer<OutputLine> codexParser(LoginSession session) {
    LoginOutput.Codex output = new LoginOutput.Codex();
    return line -> {
      output.accept(line.line());
      if (session.state() == LoginState.STARTING && output.url().isPresent() && output.code().isPresent()) {
        session.verification(output.url().get(), output.code().get());
        session.state(LoginState.AWAITING_USER, "Open the link, sign in and enter the code. " + DEVICE_AUTH_HINT);
      }
      if (LoginOutput.codexSucceeded(line.line())) {
        session.succeededLine = true;
      }
      LoginOutput.codexFailure(line.line()).ifPresent(f -> session.failureLine = f);
    };
  }

  private static Consumer<OutputLine> claudeParser(LoginSession session) {
    return line -> {
      LoginOutput.claudeUrl(line.line()).ifPresent(url -> {
        session.verification(url, null);
        session.state(LoginState.AWAITING_USER, "Open the link, sign in, then paste the code shown (code#state).");
      });
      if (LoginOutput.claudeSucceeded(line.line())) {
        session.succeededLine = true;
      }
      LoginOutput.claudeBadCode(line.line()).ifPresent(m -> session.message(m + " Paste the whole code again."));
      LoginOutput.claudeFailure(line.line()).ifPresent(f -> session.failureLine = f);
    };
  }

  private void finish(LoginSession session, ProcessResult result, CliKind kind) {
    boolean codex = kind == CliKind.CODEX;
    if (session.cancelled) {
      session.state(LoginState.CANCELLED, "Cancelled.");
    } else if (result.timedOut()) {
      session.state(LoginState.EXPIRED, "The login was not completed within " + describe(timeout) + "." + (codex ? " " + DEVICE_AUTH_HINT
          : ""));
    } else if (result.exitCode() == 0 && (session.succeededLine || codex)) {
      session.state(LoginState.SUCCEEDED, "Logged in.");
    } else {
      String why = session.failureLine != null ? session.failureLine : ended(kind.command(), result);
      session.state(LoginState.FAILED, why + (codex && why.contains("not enabled") ? " " + DEVICE_AUTH_HINT : ""));
    }
  }

  /** What to say when the CLI ended without its own failure line (it crashed or was killed). */
  private static String ended(String cli, ProcessResult result) {
    int code = result.exitCode();
    String how = code > 128 ? " (killed by signal " + (code - 128) + ")" : "";
    List<String> tail = result.lastStderr().subList(Math.max(0, result.lastStderr().size() - 3), result.lastStderr().size());
    return cli + " ended with exit status " + code + how + (tail.isEmpty() ? "" : "; last output: "
        + String.join(" ", tail.stream().map(LoginOutput::strip).toList()));
  }

  /** Sends the pasted {@code code#state} to Claude's waiting login. */
  private Future<LoginSession> submitCode(String provider, String code) {
    LoginSession session = sessions.get(provider);
    if (session == null || session.state() != LoginState.AWAITING_USER || session.process == null
        || !provider.equals(ProviderCatalog.CLAUDE_CODE_CLI)) {
      return Future.failedFuture(refused(Refusal.Code.LOGIN_CONFLICT, "No Claude login is waiting for a code", session));
    }
    // Said before writing: the CLI may answer a bad paste before the write's completion runs,
    // and its answer must not be overwritten.
    session.message("Code sent; waiting for the CLI.");
    return session.process.writeLine(code.strip()).map(v -> session);
  }

  /** Cancels a running login; the process tree is stopped. */
  private Future<LoginSession> cancel(String provider) {
    LoginSession session = sessions.get(provider);
    if (session == null || session.state().finished()) {
      return Future.failedFuture(refused(Refusal.Code.LOGIN_CONFLICT, "No login of " + provider + " is running", session));
    }
    session.cancelled = true;
    return session.process == null ? Future.succeededFuture(session)
        : session.process.stop(Duration.ofSeconds(2)).map(r -> session);
  }

  private static String describe(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
  }
}
