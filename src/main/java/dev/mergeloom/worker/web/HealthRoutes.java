package dev.mergeloom.worker.web;

import dev.mergeloom.worker.WorkerContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /healthz} and {@code /readyz}: the same checks (the chart probes {@code /healthz} for
 * both liveness and readiness, contract §4). Each answers 200 when every check is UP, 503 otherwise,
 * with the checks in the body.
 */
final class HealthRoutes {
  private static final long CHECK_TIMEOUT_MS = 5_000;

  private HealthRoutes() {}

  static HealthChecks checks(Vertx vertx, WorkerContext worker) {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("config", CHECK_TIMEOUT_MS, p -> p.complete(Status.OK(new JsonObject()
        .put("role", worker.settings().role().wireName())
        .put("providerConfigMode", worker.settings().providerConfigMode().wireName())
        .put("runtimeConfigMode", worker.settings().runtimeConfigMode().wireName()))));
    // Up even when stale: liveness probes this too, and restarting an executor because the
    // gateway is away would only end its jobs; "fresh" says whether the config is current.
    worker.gatewayConfig().ifPresent(follower -> checks.register("gateway-config", CHECK_TIMEOUT_MS,
        p -> p.complete(Status.OK(follower.statusJson()))));
    worker.executors().ifPresent(executors -> checks.register("executors", CHECK_TIMEOUT_MS,
        p -> p.complete(Status.OK(new JsonObject().put("known", executors.all().size())
            .put("recentlySeen", executors.all().stream().filter(executors::recentlySeen).count())))));
    checks.register("store", CHECK_TIMEOUT_MS, p -> Future.all(
            worker.providerStore().database().probeWritable(), worker.runtimeStore().database().probeWritable())
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
