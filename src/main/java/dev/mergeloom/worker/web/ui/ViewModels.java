package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.WorkerContext;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.ResolvedProvider;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Small view-model pieces shared by several pages. Secret values never enter a view model. */
final class ViewModels {
  private ViewModels() {}

  static JsonObject identity(WorkerContext worker) {
    var s = worker.settings();
    return new JsonObject()
        .put("name", s.workerName())
        .put("role", s.role().wireName())
        .put("tenant", s.tenantSlug().isEmpty() ? null : s.tenantSlug())
        .put("version", worker.version())
        .put("providerConfigMode", s.providerConfigMode().wireName())
        .put("runtimeConfigMode", s.runtimeConfigMode().wireName())
        .put("providersProvisioned", s.providerConfigMode() == ConfigMode.PROVISIONED)
        .put("runtimeProvisioned", s.runtimeConfigMode() == ConfigMode.PROVISIONED);
  }

  /**
   * The status badge of a card. Self-test and login states join here when those features land;
   * until then a provider is "configured" or "not configured".
   */
  static JsonObject badge(ResolvedProvider p) {
    return p.configured()
        ? new JsonObject().put("text", "Configured").put("tone", "ok")
        : new JsonObject().put("text", "Not configured").put("tone", "muted");
  }

  static JsonObject summary(ResolvedProvider p) {
    return new JsonObject()
        .put("id", p.spec().id())
        .put("label", p.spec().label())
        .put("backend", p.spec().backend().wireName())
        .put("backendLabel", p.spec().backend().wireName().equals("cli") ? "CLI" : "API")
        .put("authMethodLabel", p.spec().authMethods().stream().filter(m -> m.id().equals(p.authMethod().value()))
            .findFirst().map(m -> m.label()).orElse(p.authMethod().value()))
        .put("model", p.value("model"))
        .put("badge", badge(p))
        .put("missing", p.missing().isEmpty() ? null : String.join(", ", p.missing()));
  }

  static JsonArray summaries(List<ResolvedProvider> providers) {
    return new JsonArray(providers.stream().map(ViewModels::summary).toList());
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
