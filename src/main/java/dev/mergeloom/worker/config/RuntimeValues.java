package dev.mergeloom.worker.config;

import dev.mergeloom.worker.process.HostAllowlist;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime settings as typed values, parsed once where they enter ({@link RuntimeConfigService}
 * builds one per change) and read everywhere else: no caller splits a comma list or parses a number
 * of its own, so every caller sees the same set of commands (trimmed, without repeats).
 *
 * @param allowedCommands executable names a job may run, in the order given
 * @param tenantDefaultProvider empty when no tenant default is set
 * @param tenantDefaultModel empty when no tenant default is set
 */
public record RuntimeValues(Set<String> allowedCommands, Duration commandTimeout, Duration providerCommandTimeout,
    int maxRepairAttempts, int maxConcurrentJobs, Optional<String> tenantDefaultProvider,
    Optional<String> tenantDefaultModel, boolean requireSelfTest, HostAllowlist networkAllowlist,
    DiffGuardSettings diffGuard) {

  /**
   * The diff guard's limits (see {@code DiffGuard}).
   *
   * @param mode off, advisory or required
   * @param protectedPaths path patterns; one without a slash matches a file name at any depth
   */
  public record DiffGuardSettings(String mode, int maxFiles, int maxLines, java.util.List<String> protectedPaths,
      boolean allowBinary) {}

  public RuntimeValues {
    allowedCommands = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(allowedCommands));
  }

  /**
   * Parses the effective settings; each value has passed {@link RuntimeSetting#check} already (the
   * deployment's at start, the store's when read), so a value that still fails is a bug, not input.
   */
  public static RuntimeValues of(Map<RuntimeSetting, Effective> effective) {
    return new RuntimeValues(new LinkedHashSet<>(RuntimeSetting.commands(text(effective, RuntimeSetting.ALLOWED_COMMANDS))),
        Duration.ofSeconds(number(effective, RuntimeSetting.COMMAND_TIMEOUT)),
        Duration.ofSeconds(number(effective, RuntimeSetting.PROVIDER_COMMAND_TIMEOUT)),
        number(effective, RuntimeSetting.MAX_REPAIR_ATTEMPTS), number(effective, RuntimeSetting.MAX_CONCURRENT_JOBS),
        optional(effective, RuntimeSetting.TENANT_DEFAULT_PROVIDER),
        optional(effective, RuntimeSetting.TENANT_DEFAULT_MODEL),
        Boolean.parseBoolean(text(effective, RuntimeSetting.REQUIRE_SELF_TEST).trim()),
        Optional.ofNullable(HostAllowlist.parse(text(effective, RuntimeSetting.NETWORK_ALLOWLIST)).list())
            .orElse(HostAllowlist.NONE),
        new DiffGuardSettings(text(effective, RuntimeSetting.DIFF_GUARD_MODE).trim(),
            number(effective, RuntimeSetting.DIFF_GUARD_MAX_FILES), number(effective, RuntimeSetting.DIFF_GUARD_MAX_LINES),
            RuntimeSetting.commands(text(effective, RuntimeSetting.DIFF_GUARD_PROTECTED_PATHS)),
            Boolean.parseBoolean(text(effective, RuntimeSetting.DIFF_GUARD_ALLOW_BINARY).trim())));
  }

  private static String text(Map<RuntimeSetting, Effective> effective, RuntimeSetting setting) {
    String value = effective.get(setting).value();
    return value == null ? "" : value;
  }

  private static int number(Map<RuntimeSetting, Effective> effective, RuntimeSetting setting) {
    return Integer.parseInt(text(effective, setting).trim());
  }

  private static Optional<String> optional(Map<RuntimeSetting, Effective> effective, RuntimeSetting setting) {
    return Optional.of(text(effective, setting).trim()).filter(v -> !v.isEmpty());
  }
}
