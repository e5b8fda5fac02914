package dev.mergeloom.worker.web;

import dev.mergeloom.worker.cluster.ExecutorRegistry;
import dev.mergeloom.worker.cluster.GatewayConfigFollower;
import dev.mergeloom.worker.config.WorkerSettings;
import dev.mergeloom.worker.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.List;
import java.util.Optional;

/**
 * {@code /healthz} and {@code /readyz}: the same checks (the chart probes {@code /healthz} for
 * both liveness and readiness, contract §4). Each answers 200 when every check is UP, 503 otherwise,
 * with the checks in the body.
 */
final class HealthRoutes {
  private static final long CHECK_TIMEOUT_MS = 5_000;

  private HealthRoutes() {}

  /** @param stores the settings databases, each of which must take a write */
  static HealthChecks checks(Vertx vertx, WorkerSettings settings, Optional<GatewayConfigFollower> gatewayConfig,
      Optional<ExecutorRegistry> executors, List<Database> stores) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("config", CHECK_TIMEOUT_MS, p -> p.complete(Status.OK(new JsonObject()
        .put("role", settings.role().wireName())
        .put("providerConfigMode", settings.providerConfigMode().wireName())
        .put("runtimeConfigMode", settings.runtimeConfigMode().wireName()))));
    // Up even when stale: liveness probes this too, and restarting an executor because the
    // gateway is away would only end its jobs; "fresh" says whether the config is current.
    gatewayConfig.ifPresent(follower -> checks.register("gateway-config", CHECK_TIMEOUT_MS,
        p -> p.complete(Status.OK(follower.statusJson()))));
    executors.ifPresent(registry -> checks.register("executors", CHECK_TIMEOUT_MS,
        p -> p.complete(Status.OK(new JsonObject().put("known", registry.all().size())
            .put("recentlySeen", registry.all().stream().filter(registry::recentlySeen).count())))));
    checks.register("store", CHECK_TIMEOUT_MS, p -> Future.all(stores.stream().map(Database::probeWritable).toList())
        .onComplete(
            ok -> p.complete(Status.OK()),
            e -> p.complete(Status.KO(new JsonObject().put("reason", "the store cannot be written: " + e.getMessage())))));
    return checks;
  }

  static void mount(Router router, HealthChecks checks) {
    HealthCheckHandler handler = HealthCheckHandler.createWithHealthChecks(checks);
    router.get("/healthz").handler(handler);
    router.get("/readyz").handler(handler);
  }
}
