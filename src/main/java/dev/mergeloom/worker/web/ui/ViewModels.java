package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.WorkerSettings;
import dev.mergeloom.worker.cluster.ExecutorRegistry;
import java.util.Optional;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small view-model pieces shared by several pages. Secret values never enter a view model. */
final class ViewModels {
  private ViewModels() {}

  /** Who this worker is, in every page's header. */
  static JsonObject identity(WorkerSettings s, String version) {
    return new JsonObject()
        .put("name", s.workerName())
        .put("role", s.role().wireName())
        .put("tenant", s.tenantSlug().isEmpty() ? null : s.tenantSlug())
        .put("version", version)
        .put("providerConfigMode", s.providerConfigMode().wireName())
        .put("runtimeConfigMode", s.runtimeConfigMode().wireName())
        .put("providersProvisioned", s.providerConfigMode() == ConfigMode.PROVISIONED)
        .put("runtimeProvisioned", s.runtimeConfigMode() == ConfigMode.PROVISIONED);
  }

  /**
   * The status badge of a card: the self-test of the current configuration when there is one,
   * else configured or not. (The CLI login state joins here with CLI logins.)
   */
  static JsonObject badge(ResolvedProvider p, JsonObject selfTest) {
    if (selfTest != null && p.configured()) {
      return "passed".equals(selfTest.getString("status"))
          ? new JsonObject().put("text", "Self-test passed").put("tone", "ok")
          : new JsonObject().put("text", "Self-test failed").put("tone", "bad");
    }
    return p.configured()
        ? new JsonObject().put("text", "Configured").put("tone", "info")
        : new JsonObject().put("text", "Not configured").put("tone", "muted");
  }

  /** The last self-test as the page shows it: checks with a symbol each, error, latency, time. */
  static JsonObject selfTest(JsonObject result) {
    if (result == null) {
      return null;
    }
    JsonArray checks = new JsonArray();
    result.getJsonArray("checks", new JsonArray()).forEach(c -> {
      JsonObject check = (JsonObject) c;
      String status = check.getString("status");
      checks.add(new JsonObject().put("name", check.getString("name")).put("status", status)
          .put("symbol", switch (status) {
            case "passed" -> "✓";
            case "failed" -> "✗";
            default -> "–";
          })
          .put("detail", check.getString("detail")));
    });
    return new JsonObject().put("passed", "passed".equals(result.getString("status")))
        .put("model", result.getString("model")).put("latencyMs", result.getValue("latencyMs"))
        .put("checkedAt", result.getString("checkedAt")).put("checks", checks)
        .put("error", result.getJsonObject("error") == null ? null : result.getJsonObject("error").getString("message"));
  }

  static JsonObject summary(ResolvedProvider p, JsonObject selfTest) {
    return new JsonObject()
        .put("id", p.spec().id())
        .put("label", p.spec().label())
        .put("backend", p.spec().backend().wireName())
        .put("backendLabel", p.spec().backend().wireName().equals("cli") ? "CLI" : "API")
        .put("authMethodLabel", p.spec().authMethods().stream().filter(m -> m.id().equals(p.authMethod().value()))
            .findFirst().map(m -> m.label()).orElse(p.authMethod().value()))
        .put("model", p.value(Fields.MODEL))
        .put("badge", badge(p, selfTest))
        .put("missing", p.missing().isEmpty() ? null : ProviderPageHints.labels(p.spec(), p.missing()));
  }

  /** The gateway's executors for the home and health pages; null in other roles (the section is hidden). */
  static JsonObject executors(Optional<ExecutorRegistry> executors) {
    return executors.map(registry -> {
      java.time.Instant now = java.time.Instant.now();
      JsonArray rows = new JsonArray(registry.all().stream().map(e -> new JsonObject()
          .put("name", e.name())
          .put("lastSeen", e.lastSeen().toString())
          .put("ago", java.time.Duration.between(e.lastSeen(), now).toSeconds() + " s ago")
          .put("recentlySeen", registry.recentlySeen(e))
          .put("configVersion", e.configVersion().isEmpty() ? "none" : e.configVersion())
          .put("configCurrent", registry.configCurrent(e))
          .put("runningJobs", e.runningJobs())).toList());
      return new JsonObject().put("rows", rows).put("count", rows.size());
    }).orElse(null);
  }

  /** How a value's origin reads to an operator. */
  static String sourceLabel(Effective e) {
    if (e.source() == null) {
      return null;
    }
    return switch (e.source()) {
      case ENV -> "Set by the environment (" + e.variable() + ")";
      case FILE -> "Set by the file in " + e.variable() + "_FILE";
      case SECRETS_DIR -> "Set by the mounted secret " + e.variable();
      case CONFIGMAP -> "Set by the ConfigMap key " + e.variable();
      case GATEWAY -> "Set by the gateway";
      case UI -> "Saved here";
      case DEFAULT -> "Default";
    };
  }
}
