package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.config.WorkerVariables;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The two CLIs the worker drives and what differs between them by name only: the command, its
 * provider, the variable that points it at its config directory, where an operator sets its
 * path, and its npm package. Behaviour that differs (login flows, output parsing, judging a run)
 * stays with the code that does it, as a switch on the kind.
 */
public enum CliKind {
  CODEX(ProviderCatalog.CODEX_CLI, "codex", "CODEX_HOME", WorkerVariables.CODEX_PATH,
      "@openai/codex@" + CliSettings.CODEX_VERSION, List.of("login", "status"), "-m"),
  CLAUDE(ProviderCatalog.CLAUDE_CODE_CLI, "claude", "CLAUDE_CONFIG_DIR", WorkerVariables.CLAUDE_PATH,
      "@anthropic-ai/claude-code@" + CliSettings.CLAUDE_VERSION, List.of("auth", "status"), "--model");

  private final String providerId;
  private final String command;
  private final String configVariable;
  private final String pathVariable;
  private final String npmPackage;
  private final List<String> statusArgs;
  private final String modelFlag;

  CliKind(String providerId, String command, String configVariable, String pathVariable, String npmPackage,
      List<String> statusArgs, String modelFlag) {
    this.providerId = providerId;
    this.command = command;
    this.configVariable = configVariable;
    this.pathVariable = pathVariable;
    this.npmPackage = npmPackage;
    this.statusArgs = statusArgs;
    this.modelFlag = modelFlag;
  }

  /** The kind of a CLI provider; empty for an API provider. */
  public static Optional<CliKind> find(String providerId) {
    return Arrays.stream(values()).filter(k -> k.providerId.equals(providerId)).findFirst();
  }

  /** The kind of a provider known to be a CLI one (its spec's backend says so). */
  public static CliKind of(String providerId) {
    return find(providerId).orElseThrow(() -> new IllegalArgumentException(providerId + " is not a CLI provider"));
  }

  public String providerId() {
    return providerId;
  }

  /** The executable's name ("codex", "claude"), also how messages and process names call it. */
  public String command() {
    return command;
  }

  /** The environment variable that points the CLI at its config directory (logins live there). */
  public String configVariable() {
    return configVariable;
  }

  /** The worker variable that sets the CLI's path. */
  public String pathVariable() {
    return pathVariable;
  }

  /** The pinned npm package ({@code name@version}). */
  public String npmPackage() {
    return npmPackage;
  }

  /** The arguments of its "am I logged in" command. */
  public List<String> statusArgs() {
    return statusArgs;
  }

  /** The flag that chooses the model of a run. */
  public String modelFlag() {
    return modelFlag;
  }
}
