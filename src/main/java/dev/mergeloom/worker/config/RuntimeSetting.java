package dev.mergeloom.worker.config;

import dev.mergeloom.worker.config.providers.ProviderCatalog;
import io.vertx.core.json.JsonArray;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One runtime setting (contract §2.5 {@code /api/v1/runtime-config}, §3.1): API key, deployment
 * variable and type. Values travel as canonical strings (a comma list for commands) so the store,
 * the environment and the API share one representation; {@link #toJson} and {@link #fromJson}
 * convert at the API edge.
 */
public enum RuntimeSetting {
  ALLOWED_COMMANDS("allowedCommands", "JCA_WORKER_ALLOWED_COMMANDS", Kind.COMMAND_LIST, 0, 0),
  COMMAND_TIMEOUT("commandTimeoutSeconds", "JCA_WORKER_COMMAND_TIMEOUT_SECONDS", Kind.INT, 1, 86_400),
  PROVIDER_COMMAND_TIMEOUT("providerCommandTimeoutSeconds", "JCA_WORKER_PROVIDER_COMMAND_TIMEOUT_SECONDS", Kind.INT, 1, 86_400),
  MAX_REPAIR_ATTEMPTS("maxRepairAttempts", "JCA_WORKER_MAX_REPAIR_ATTEMPTS", Kind.INT, 0, 10),
  MAX_CONCURRENT_JOBS("maxConcurrentJobs", "JCA_WORKER_MAX_CONCURRENT_JOBS", Kind.INT, 1, 1000),
  TENANT_DEFAULT_PROVIDER("tenantDefaultProvider", "JCA_WORKER_TENANT_DEFAULT_PROVIDER", Kind.PROVIDER_ID, 0, 0),
  TENANT_DEFAULT_MODEL("tenantDefaultModel", "JCA_WORKER_TENANT_DEFAULT_MODEL", Kind.TEXT, 0, 0),
  REQUIRE_SELF_TEST("requireSelfTest", "JCA_WORKER_REQUIRE_SELF_TEST", Kind.BOOLEAN, 0, 0),
  NETWORK_ALLOWLIST("networkAllowlist", "JCA_WORKER_SANDBOX_ALLOWED_HOSTS", Kind.HOST_LIST, 0, 0),
  DIFF_GUARD_MODE("diffGuardMode", "JCA_WORKER_DIFF_GUARD_MODE", Kind.GUARD_MODE, 0, 0),
  DIFF_GUARD_MAX_FILES("diffGuardMaxFiles", "JCA_WORKER_DIFF_GUARD_MAX_FILES", Kind.INT, 1, 100_000),
  DIFF_GUARD_MAX_LINES("diffGuardMaxLines", "JCA_WORKER_DIFF_GUARD_MAX_LINES", Kind.INT, 1, 10_000_000),
  DIFF_GUARD_PROTECTED_PATHS("diffGuardProtectedPaths", "JCA_WORKER_DIFF_GUARD_PROTECTED_PATHS", Kind.PATTERN_LIST, 0, 0),
  DIFF_GUARD_ALLOW_BINARY("diffGuardAllowBinary", "JCA_WORKER_DIFF_GUARD_ALLOW_BINARY", Kind.BOOLEAN, 0, 0);

  /** What the diff guard does with a breach: nothing, mark the review request, or stop the job. */
  public static final List<String> GUARD_MODES = List.of("off", "advisory", "required");
  /** A path pattern: glob characters and path ones, no spaces, no "..", not absolute. */
  private static final Pattern PATH_PATTERN = Pattern.compile("(?!/)(?!.*\\.\\.)[A-Za-z0-9._*?\\[\\]{}/+@-]{1,200}");

  private static final Pattern EXECUTABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  enum Kind { INT, BOOLEAN, COMMAND_LIST, PROVIDER_ID, TEXT, HOST_LIST, GUARD_MODE, PATTERN_LIST }

  private final String key;
  private final String envVar;
  private final Kind kind;
  private final int min;
  private final int max;

  RuntimeSetting(String key, String envVar, Kind kind, int min, int max) {
    this.key = key;
    this.envVar = envVar;
    this.kind = kind;
    this.min = min;
    this.max = max;
  }

  public String key() {
    return key;
  }

  public String envVar() {
    return envVar;
  }

  public static Optional<RuntimeSetting> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }

  /** Checks a canonical string (from the environment, a file or the store). */
  public Optional<String> check(String value) {
    return switch (kind) {
      case INT -> {
        try {
          int n = Integer.parseInt(value.trim());
          yield n >= min && n <= max ? Optional.empty() : Optional.of(intExpectation());
        } catch (NumberFormatException e) {
          yield Optional.of(intExpectation());
        }
      }
      case BOOLEAN -> List.of("true", "false").contains(value.trim().toLowerCase(Locale.ROOT))
          ? Optional.empty()
          : Optional.of("expected true or false");
      case COMMAND_LIST -> commands(value).stream().allMatch(c -> EXECUTABLE.matcher(c).matches())
          ? Optional.empty()
          : Optional.of("expected executable names without paths or spaces, e.g. git,rg,pytest");
      case PROVIDER_ID -> value.isEmpty() || ProviderCatalog.ids().contains(value)
          ? Optional.empty()
          : Optional.of("expected one of " + String.join(", ", ProviderCatalog.ids()));
      case HOST_LIST -> Optional.ofNullable(dev.mergeloom.worker.process.HostAllowlist.parse(value).problem());
      case GUARD_MODE -> GUARD_MODES.contains(value.trim()) ? Optional.empty()
          : Optional.of("expected off, advisory (mark the review request) or required (stop the job)");
      case PATTERN_LIST -> commands(value).stream().allMatch(c -> PATH_PATTERN.matcher(c).matches())
          ? Optional.empty()
          : Optional.of("expected path patterns relative to the repository, e.g. .github/workflows/**,*.pem "
              + "(no spaces, no '..', not starting with /)");
      case TEXT -> value.length() <= 256 && value.chars().noneMatch(Character::isISOControl)
          ? Optional.empty()
          : Optional.of("expected a single line of at most 256 characters");
    };
  }

  private String intExpectation() {
    return "expected a whole number from " + min + " to " + max;
  }

  /** Converts an API value to the canonical string, or returns the problem. */
  public Result fromJson(Object json) {
    if (json == null) {
      return new Result(null, null);
    }
    String canonical;
    switch (kind) {
      case INT -> {
        if (!(json instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
          return new Result(null, intExpectation());
        }
        canonical = Long.toString(n.longValue());
      }
      case BOOLEAN -> {
        if (!(json instanceof Boolean b)) {
          return new Result(null, "expected true or false");
        }
        canonical = b.toString();
      }
      case COMMAND_LIST, PATTERN_LIST -> {
        if (!(json instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
          return new Result(null, kind == Kind.PATTERN_LIST ? "expected an array of path patterns, e.g. "
              + "[\".github/workflows/**\", \"*.pem\"]" : "expected an array of executable names, e.g. [\"git\", \"pytest\"]");
        }
        // Trimmed and without repeats: ["git", "git"] is stored as git.
        canonical = String.join(",", commands(String.join(",", array.stream().map(String.class::cast).toList())));
      }
      case HOST_LIST -> {
        if (!(json instanceof JsonArray array) || !array.stream().allMatch(String.class::isInstance)) {
          return new Result(null, "expected an array of hosts, e.g. [\"pypi.org\", \"*.pythonhosted.org\"]");
        }
        var parsed = dev.mergeloom.worker.process.HostAllowlist.parse(String.join(",",
            array.stream().map(String.class::cast).toList()));
        if (parsed.problem() != null) {
          return new Result(null, parsed.problem());
        }
        canonical = parsed.list().canonical();
      }
      default -> {
        if (!(json instanceof String s)) {
          return new Result(null, "expected a string");
        }
        canonical = s.trim();
      }
    }
    return check(canonical).map(problem -> new Result(null, problem)).orElse(new Result(canonical, null));
  }

  /** The API form of a canonical string. */
  public Object toJson(String canonical) {
    if (canonical == null) {
      return null;
    }
    return switch (kind) {
      case INT -> Integer.parseInt(canonical.trim());
      case BOOLEAN -> Boolean.parseBoolean(canonical.trim());
      case COMMAND_LIST, HOST_LIST, PATTERN_LIST -> new JsonArray(commands(canonical));
      default -> canonical.isEmpty() ? null : canonical;
    };
  }

  /** The entries of a comma list, trimmed, without empty ones or repeats, in their first order. */
  static List<String> commands(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** A converted value or the reason it was refused. */
  public record Result(String canonical, String problem) {}
}
