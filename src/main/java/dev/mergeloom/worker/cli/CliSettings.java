package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.config.DeploymentConfig;
import dev.mergeloom.worker.config.WorkerVariables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the CLIs and their shared config directories are, and the environment they run with:
 * only what a CLI needs (PATH, HOME, locale, proxy and CA settings), never the worker's secrets.
 */
public record CliSettings(Optional<Path> codex, Optional<Path> claude, Path codexHome, Path claudeConfigDir,
    Map<String, String> baseEnvironment) {

  /**
   * Passed through from the worker's environment when set: what the CLIs need to reach their
   * services (proxy, CA, and ANTHROPIC_BASE_URL for a Claude gateway). Codex endpoints are
   * configured in CODEX_HOME/config.toml instead.
   */
  private static final List<String> PASS_THROUGH = List.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ",
      "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy", "NODE_EXTRA_CA_CERTS",
      "CODEX_CA_CERTIFICATE", "SSL_CERT_FILE", "ANTHROPIC_BASE_URL");

  /** Reads the settings and looks the CLIs up on PATH. Blocking (file checks): call off the event loop. */
  public static CliSettings from(DeploymentConfig config, Map<String, String> env) {
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path codexHome = Path.of(Optional.ofNullable(config.value(WorkerVariables.CLI_CONFIG_DIR)).orElse(home + "/.codex"));
    Path claudeDir = Path.of(Optional.ofNullable(config.value(WorkerVariables.CLAUDE_CONFIG_DIR)).orElse(home + "/.claude"));
    Map<String, String> base = new HashMap<>();
    PASS_THROUGH.forEach(name -> {
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        base.put(name, v);
      }
    });
    base.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    base.put("HOME", home);
    base.put("NO_COLOR", "1");
    String path = base.get("PATH") + ":" + TOOLS_BIN.toAbsolutePath();
    return new CliSettings(locate(config.value(WorkerVariables.CODEX_PATH), "codex", path),
        locate(config.value(WorkerVariables.CLAUDE_PATH), "claude", path), codexHome, claudeDir, Map.copyOf(base));
  }

  /**
   * Where scripts/start.sh and scripts/test.sh install the pinned CLIs (relative to the working
   * directory, the checkout when started by those scripts); searched after PATH.
   */
  static final Path TOOLS_BIN = Path.of(".tools", "clis", "node_modules", ".bin");

  /** What to tell an operator whose CLI is missing: where the worker looked and how to install it. */
  public static String installHint(CliKind kind) {
    return kind.command() + " is not installed: not on PATH, not in " + TOOLS_BIN + ", nor at "
        + kind.pathVariable() + ". Install it with bash scripts/ensure-clis.sh (from a checkout; scripts/start.sh "
        + "does this) or npm install -g " + kind.npmPackage() + ", then check the status again.";
  }

  /** Where this kind's executable is; empty when it is not installed. */
  public Optional<Path> executable(CliKind kind) {
    return kind == CliKind.CODEX ? codex : claude;
  }

  /** This kind's shared config directory, where its login lives. */
  public Path configDir(CliKind kind) {
    return kind == CliKind.CODEX ? codexHome : claudeConfigDir;
  }

  /** The environment of a child of this kind. */
  public Map<String, String> environment(CliKind kind) {
    return kind == CliKind.CODEX ? codexEnvironment() : claudeEnvironment();
  }

  /** The versions the worker is tested with (scripts/ensure-clis.sh and the Dockerfile pin the same). */
  public static final String CODEX_VERSION = "0.169.0";
  public static final String CLAUDE_VERSION = "2.1.197";

  /** {@code JCA_WORKER_CLI_LOGIN_TIMEOUT_SECONDS}, checked. */
  public static java.time.Duration loginTimeout(DeploymentConfig config) {
    String v = config.value(WorkerVariables.CLI_LOGIN_TIMEOUT);
    try {
      long seconds = Long.parseLong(v.trim());
      if (seconds >= 1 && seconds <= 86_400) {
        return java.time.Duration.ofSeconds(seconds);
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new dev.mergeloom.worker.config.ConfigException(WorkerVariables.CLI_LOGIN_TIMEOUT + ": got '" + v
        + "'; expected a whole number of seconds from 1 to 86400");
  }

  /** Creates the shared config directories the CLIs write their logins to. Blocking. */
  public CliSettings ensureDirectories() {
    try {
      Files.createDirectories(codexHome);
      Files.createDirectories(claudeConfigDir);
    } catch (java.io.IOException e) {
      // not fatal here: a login then fails with the CLI's own message about the directory
    }
    return this;
  }

  /** The configured path, else the first executable of that name on PATH. Blocking (file checks). */
  static Optional<Path> locate(String configured, String name, String path) {
    if (configured != null) {
      Path p = Path.of(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The environment of a Codex child: the base plus its config directory. */
  public Map<String, String> codexEnvironment() {
    Map<String, String> env = new HashMap<>(baseEnvironment);
    env.put("CODEX_HOME", codexHome.toString());
    return env;
  }

  /**
   * The environment of a Claude child: the base, its config directory, and no telemetry (Claude
   * otherwise calls Anthropic's servers for it on every command, logins included).
   */
  public Map<String, String> claudeEnvironment() {
    Map<String, String> env = new HashMap<>(baseEnvironment);
    env.put("CLAUDE_CONFIG_DIR", claudeConfigDir.toString());
    env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    return env;
  }
}
