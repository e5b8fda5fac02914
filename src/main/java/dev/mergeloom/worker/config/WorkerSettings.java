package dev.mergeloom.worker.config;

import static dev.mergeloom.worker.config.WorkerVariables.*;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The worker's own typed settings, parsed once at start-up from the {@link DeploymentConfig}.
 * Every problem names the variable, what was found and what is expected; all problems are
 * reported together.
 */
public record WorkerSettings(
    Role role,
    String host,
    int port,
    Path dataDir,
    ConfigMode providerConfigMode,
    ConfigMode runtimeConfigMode,
    Path providerConfigDbPath,
    Path runtimeConfigDbPath,
    Path secretKeyPath,
    List<String> uiAllowedHosts,
    Optional<SecretValue> uiToken,
    boolean jsonLogs,
    String logLevel,
    String workerName,
    String tenantSlug,
    Optional<java.net.URI> gatewayUrl,
    Optional<SecretValue> clusterToken,
    int jobMaxTurns,
    long jobMaxTokens,
    int heartbeatSeconds,
    /** How long a finished job's workspace stays on disk; its record, diff and patch stay for good. */
    java.time.Duration workspaceRetention,
    /** standalone, compose or kubernetes: which shell commands the pages offer. */
    String deployment,
    /** How job processes are confined: bwrap, or off when the operator says so. */
    SandboxSettings sandbox,
    /** The worker's address as people reach it (JCA_WORKER_PUBLIC_URL), for audit links in review requests. */
    Optional<java.net.URI> publicUrl) {

  /**
   * @param bwrap the executable as configured (a name is looked up on PATH when the sandbox is built)
   */
  public record SandboxSettings(boolean off, String bwrap, List<Path> readOnly, long maxProcesses, long maxMemoryMb,
      long maxFileMb, boolean cgroups) {}

  private static final int MIN_TOKEN_LENGTH = 16;

  /**
   * @param environment the injected process environment; only {@code HOSTNAME} is read from it,
   *     as the default worker name (the pod or container name)
   */
  public static WorkerSettings parse(DeploymentConfig config, java.util.Map<String, String> environment) {
    Parser p = new Parser(config);
    Role role = p.choice(ROLE, Role.class);
    String host = p.required(HOST);
    int port = p.port(PORT);
    Path dataDir = Path.of(p.required(DATA_DIR)).toAbsolutePath().normalize();
    ConfigMode providerMode = p.mode(PROVIDER_CONFIG_MODE, role);
    ConfigMode runtimeMode = p.mode(RUNTIME_CONFIG_MODE, role);
    Path providerDb = p.path(PROVIDER_CONFIG_DB_PATH, dataDir.resolve("provider-config.db"));
    Path runtimeDb = p.path(RUNTIME_CONFIG_DB_PATH, dataDir.resolve("runtime-config.db"));
    Path keyPath = p.path(PROVIDER_SECRET_KEY_PATH, dataDir.resolve("provider-secret.key"));
    List<String> allowedHosts = Optional.ofNullable(config.value(UI_ALLOWED_HOSTS))
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
            .map(s -> s.toLowerCase(Locale.ROOT)).toList())
        .orElse(List.of());
    Optional<SecretValue> token = Optional.ofNullable(config.value(UI_TOKEN)).map(SecretValue::new);
    token.ifPresent(t -> p.longEnough(UI_TOKEN, t));
    // An executor serves no UI (only probes and metrics), so only UI roles need the token off loopback.
    if (role != Role.EXECUTOR && host != null && !isLoopback(host) && token.isEmpty()) {
      p.problems.add(UI_TOKEN + ": required because " + HOST + "=" + host + " is not a loopback address; "
          + "expected a random token of at least " + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
    }
    Optional<SecretValue> clusterToken = Optional.ofNullable(config.value(CLUSTER_TOKEN)).map(SecretValue::new);
    clusterToken.ifPresent(t -> p.longEnough(CLUSTER_TOKEN, t));
    boolean followsGateway = providerMode == ConfigMode.GATEWAY || runtimeMode == ConfigMode.GATEWAY;
    Optional<java.net.URI> gatewayUrl = p.httpUrl(GATEWAY_URL);
    if (followsGateway && gatewayUrl.isEmpty() && config.value(GATEWAY_URL) == null) {
      p.problems.add(GATEWAY_URL + ": missing; expected the gateway's address, e.g. http://mergeloom-gateway:8010, "
          + "because the config mode is gateway");
    }
    if (followsGateway && clusterToken.isEmpty()) {
      p.problems.add(CLUSTER_TOKEN + ": missing; expected the token the gateway was given, because the config mode "
          + "is gateway");
    }
    String logFormat = p.required(LOG_FORMAT);
    if (logFormat != null && !List.of("text", "json").contains(logFormat)) {
      p.problems.add(LOG_FORMAT + ": got '" + logFormat + "'; expected text or json");
    }
    String logLevel = p.required(LOG_LEVEL).toUpperCase(Locale.ROOT);
    if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR").contains(logLevel)) {
      p.problems.add(LOG_LEVEL + ": got '" + logLevel + "'; expected one of TRACE, DEBUG, INFO, WARN, ERROR");
    }
    String name = Optional.ofNullable(config.value(NAME))
        .or(() -> Optional.ofNullable(environment.get("HOSTNAME")).filter(h -> !h.isBlank()))
        .orElse("mergeloom-worker");
    String tenant = Optional.ofNullable(config.value(TENANT_SLUG)).orElse("");
    int maxTurns = (int) p.number(JOB_MAX_TURNS, 1, 10_000);
    long maxTokens = p.number(JOB_MAX_TOKENS, 1_000, 1_000_000_000L);
    int heartbeat = (int) p.number(HEARTBEAT_INTERVAL, 1, 3_600);
    long retentionHours = p.number(WORKSPACE_RETENTION_HOURS, 0, 87_600);
    // Inside a pod Kubernetes always sets KUBERNETES_SERVICE_HOST; compose.yaml names itself.
    String deployment = Optional.ofNullable(config.value(DEPLOYMENT))
        .orElse(environment.containsKey("KUBERNETES_SERVICE_HOST") ? "kubernetes" : "standalone");
    if (!List.of("standalone", "compose", "kubernetes").contains(deployment)) {
      p.problems.add(DEPLOYMENT + ": got '" + deployment + "'; expected standalone, compose or kubernetes");
    }
    SandboxSettings sandbox = sandbox(p, config);
    Optional<java.net.URI> publicUrl = p.httpUrl(PUBLIC_URL);
    if (!p.problems.isEmpty()) {
      throw new ConfigException(p.problems);
    }
    return new WorkerSettings(role, host, port, dataDir, providerMode, runtimeMode, providerDb, runtimeDb,
        keyPath, allowedHosts, token, "json".equals(logFormat), logLevel, name, tenant, gatewayUrl, clusterToken,
        maxTurns, maxTokens, heartbeat, java.time.Duration.ofHours(retentionHours), deployment, sandbox,
        publicUrl);
  }

  private static boolean cgroups(Parser p) {
    String value = p.required(SANDBOX_CGROUPS);
    if (value != null && !List.of("auto", "off").contains(value.trim())) {
      p.problems.add(SANDBOX_CGROUPS + ": got '" + value + "'; expected auto (a cgroup per job command where the "
          + "host allows one) or off (rlimits only)");
    }
    return value == null || !value.trim().equals("off");
  }

  private static SandboxSettings sandbox(Parser p, DeploymentConfig config) {
    String mode = p.required(SANDBOX);
    if (mode != null && !List.of("bwrap", "off").contains(mode.trim())) {
      p.problems.add(SANDBOX + ": got '" + mode + "'; expected bwrap (the default: every job process in bubblewrap) "
          + "or off (job processes unsandboxed, said on every record)");
    }
    List<Path> readOnly = new ArrayList<>();
    for (String entry : Optional.ofNullable(config.value(SANDBOX_READ_ONLY_PATHS)).orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry.trim());
      if (!path.isAbsolute()) {
        p.problems.add(SANDBOX_READ_ONLY_PATHS + ": got '" + entry.trim() + "'; expected absolute paths, comma-separated");
      } else {
        readOnly.add(path.normalize());
      }
    }
    return new SandboxSettings("off".equals(mode == null ? null : mode.trim()), p.required(BWRAP_PATH),
        List.copyOf(readOnly), p.number(SANDBOX_MAX_PROCESSES, 16, 1_000_000), p.number(SANDBOX_MAX_MEMORY_MB, 64, 1_048_576),
        p.number(SANDBOX_MAX_FILE_MB, 1, 1_048_576), cgroups(p));
  }

  /** True for names that only this machine can reach. */
  public static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // Only literal addresses are checked: resolving a name here could reach a DNS server.
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Collects problems instead of failing on the first. */
  private static final class Parser {
    private final DeploymentConfig config;
    private final List<String> problems = new ArrayList<>();

    Parser(DeploymentConfig config) {
      this.config = config;
    }

    String required(String name) {
      String v = config.value(name);
      if (v == null) {
        problems.add(name + ": missing; it has a default in conf/worker-defaults.properties, so the build is broken");
        return "";
      }
      return v.trim();
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
      String v = required(name).toLowerCase(Locale.ROOT);
      for (E e : type.getEnumConstants()) {
        if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
          return e;
        }
      }
      problems.add(name + ": got '" + v + "'" + from(name) + "; expected one of "
          + String.join(", ", Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
      return type.getEnumConstants()[0];
    }

    /** Executors default to {@code gateway} and have no UI to write with; only executors follow a gateway. */
    ConfigMode mode(String name, Role role) {
      String v = config.value(name);
      if (v == null) {
        return role == Role.EXECUTOR ? ConfigMode.GATEWAY : ConfigMode.UI;
      }
      ConfigMode mode = choice(name, ConfigMode.class);
      if (role == Role.EXECUTOR && mode == ConfigMode.UI) {
        problems.add(name + "=ui: an executor has no UI; expected gateway (config from " + GATEWAY_URL
            + ") or provisioned");
      } else if (role != Role.EXECUTOR && mode == ConfigMode.GATEWAY) {
        problems.add(name + "=gateway is for executors (" + ROLE + "=executor); expected ui or provisioned");
      }
      return mode;
    }

    long number(String name, long min, long max) {
      String v = required(name);
      try {
        long n = Long.parseLong(v);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(name + ": got '" + v + "'" + from(name) + "; expected a whole number from " + min + " to " + max);
      return min;
    }

    void longEnough(String name, SecretValue token) {
      if (token.reveal().length() < MIN_TOKEN_LENGTH) {
        problems.add(name + ": too short; expected at least " + MIN_TOKEN_LENGTH + " characters");
      }
    }

    Optional<java.net.URI> httpUrl(String name) {
      String v = config.value(name);
      if (v == null) {
        return Optional.empty();
      }
      try {
        java.net.URI uri = new java.net.URI(v.trim());
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
          return Optional.of(uri);
        }
      } catch (java.net.URISyntaxException e) {
        // reported below
      }
      problems.add(name + ": got '" + v + "'; expected an http:// or https:// URL such as http://mergeloom-gateway:8010");
      return Optional.empty();
    }

    int port(String name) {
      String v = required(name);
      try {
        int port = Integer.parseInt(v);
        if (port >= 0 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      problems.add(name + ": got '" + v + "'" + from(name) + "; expected a port number from 1 to 65535");
      return 0;
    }

    Path path(String name, Path fallback) {
      String v = config.value(name);
      return v == null ? fallback : Path.of(v.trim()).toAbsolutePath().normalize();
    }

    private String from(String name) {
      return config.get(name).map(v -> " (from " + v.describeOrigin() + ")").orElse("");
    }
  }
}
