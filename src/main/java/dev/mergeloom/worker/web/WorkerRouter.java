package dev.mergeloom.worker.web;

import dev.mergeloom.worker.WorkerContext;
import dev.mergeloom.worker.cluster.ClusterApi;
import dev.mergeloom.worker.config.Role;
import dev.mergeloom.worker.config.WorkerVariables;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import dev.mergeloom.worker.web.ui.UiPages;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** The HTTP surface as a table of contents: filters first, then one line per route. */
public final class WorkerRouter {
  private WorkerRouter() {}

  public static Router create(Vertx vertx, WorkerContext worker) {
    Router router = Router.router(vertx);
    LocalSurfaceGuard guard = new LocalSurfaceGuard(worker.settings());
    router.route().handler(guard::headers);
    router.route().handler(guard::host);
    router.route().handler(guard::origin);
    router.route().handler(guard::token);

    HealthChecks checks = HealthRoutes.checks(vertx, worker.settings(), worker.gatewayConfig(), worker.executors(),
        java.util.List.of(worker.providerStore().database(), worker.runtimeStore().database()));
    HealthRoutes.mount(router, checks);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(worker.metrics()));
    router.get("/api/v1/worker").handler(ctx -> Responses.json(ctx, 200, identity(worker)));
    boolean executor = worker.settings().role() == Role.EXECUTOR;
    if (!executor) {
      new ProviderApi(worker.providers(), worker.selfTests(), worker.cliLogins()).mount(router);
      new RuntimeConfigApi(worker.runtime()).mount(router);
      new GitCredentialsApi(worker.gitHosts()).mount(router);
      new CliApi(worker.providers(), worker.cliLogins(), worker.cliStatus()).mount(router);
      worker.jobs().ifPresent(jobs -> new JobApi(jobs).mount(router));
      worker.executors().ifPresent(executors -> new ClusterApi(executors, worker.settings().clusterToken(), worker.jobs()).mount(router));
      UiPages.mount(router, vertx, worker, checks);
    }

    router.route().last().handler(ctx -> Responses.error(ctx, ApiError.notFound(executor
        ? "This is an executor: it answers only /healthz, /readyz, /metrics and /api/v1/worker; the UI and API are on "
            + "the gateway (" + WorkerVariables.GATEWAY_URL + ")"
        : "No route " + ctx.request().path())));
    router.route().failureHandler(WorkerRouter::failed);
    return router;
  }

  static JsonObject identity(WorkerContext worker) {
    return new JsonObject()
        .put("name", worker.settings().workerName())
        .put("role", worker.settings().role().wireName())
        .put("tenant", worker.settings().tenantSlug())
        .put("version", worker.version())
        .put("providerConfigMode", worker.settings().providerConfigMode().wireName())
        .put("runtimeConfigMode", worker.settings().runtimeConfigMode().wireName())
        .put("gatewayConfig", worker.gatewayConfig().map(f -> f.statusJson()).orElse(null));
  }

  private static void failed(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    if (ctx.failure() != null) {
      Responses.failure(ctx, ctx.failure());
      return;
    }
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String message = switch (status) {
      case 413 -> "The request body is too large";
      case 400 -> "The request is malformed";
      default -> "The request failed with HTTP " + status;
    };
    Responses.error(ctx, new ApiError(status, "http_" + status, message));
  }
}
