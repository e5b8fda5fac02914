package dev.mergeloom.worker.provider;

import static dev.mergeloom.worker.config.WorkerVariables.CA_BUNDLE;
import static dev.mergeloom.worker.config.WorkerVariables.PROVIDER_CONNECT_TIMEOUT;
import static dev.mergeloom.worker.config.WorkerVariables.PROVIDER_MAX_ATTEMPTS;
import static dev.mergeloom.worker.config.WorkerVariables.PROVIDER_REQUEST_TIMEOUT;
import static dev.mergeloom.worker.config.WorkerVariables.PROVIDER_RETRY_BUDGET;
import static dev.mergeloom.worker.config.WorkerVariables.SELF_TEST_TIMEOUT;

import dev.mergeloom.worker.config.ConfigException;
import dev.mergeloom.worker.config.DeploymentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the outbound settings: the worker's own variables, and the standard proxy variables
 * ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}, either case) from the injected
 * environment, as every HTTP tool reads them.
 */
public final class OutboundConfig {
  private OutboundConfig() {}

  /** The settings for job calls, and the shorter policy of self-tests. */
  public record Policies(OutboundSettings calls, OutboundSettings selfTest) {}

  public static Policies parse(DeploymentConfig config, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    int connect = seconds(config, PROVIDER_CONNECT_TIMEOUT, 1, 600, problems);
    int request = seconds(config, PROVIDER_REQUEST_TIMEOUT, 1, 86_400, problems);
    int budget = seconds(config, PROVIDER_RETRY_BUDGET, 1, 86_400, problems);
    int attempts = seconds(config, PROVIDER_MAX_ATTEMPTS, 1, 20, problems);
    int selfTest = seconds(config, SELF_TEST_TIMEOUT, 1, 3_600, problems);
    Path caBundle = config.get(CA_BUNDLE).map(v -> Path.of(v.value())).orElse(null);
    if (caBundle != null && !Files.isReadable(caBundle)) {
      problems.add(CA_BUNDLE + ": cannot read " + caBundle + "; expected a PEM file of CA certificates");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<String> noProxy = Arrays.stream(first(env, "NO_PROXY", "no_proxy", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    OutboundSettings calls = new OutboundSettings(Duration.ofSeconds(connect), Duration.ofSeconds(request),
        Duration.ofSeconds(budget), attempts, Duration.ofMillis(500), blankToNull(first(env, "HTTPS_PROXY", "https_proxy", "")),
        blankToNull(first(env, "HTTP_PROXY", "http_proxy", "")), noProxy, caBundle);
    // A self-test must answer while the operator waits: one retry at most, within its own limit.
    OutboundSettings selfTests = calls.withRetryBudget(Duration.ofSeconds(selfTest), Math.min(2, attempts))
        .withRequestTimeout(Duration.ofSeconds(Math.min(request, selfTest)));
    return new Policies(calls, selfTests);
  }

  private static int seconds(DeploymentConfig config, String name, int min, int max, List<String> problems) {
    String v = config.value(name);
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    problems.add(name + ": got '" + v + "'; expected a whole number from " + min + " to " + max);
    return min;
  }

  private static String first(Map<String, String> env, String upper, String lower, String fallback) {
    String v = env.get(upper);
    if (v == null || v.isBlank()) {
      v = env.get(lower);
    }
    return v == null ? fallback : v.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
