package dev.mergeloom.worker.web;

import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.CliStatusService;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** CLI logins and status: {@code /api/v1/providers/{id}/login}, {@code …/login/code}, {@code …/status}. */
final class CliApi {
  private final ProviderSettingsService providers;
  private final CliLogins logins;
  private final CliStatusService cliStatus;

  CliApi(ProviderSettingsService providers, CliLogins logins, CliStatusService cliStatus) {
    this.providers = providers;
    this.logins = logins;
    this.cliStatus = cliStatus;
  }

  void mount(Router router) {
    router.post("/api/v1/providers/:id/login").handler(this::start);
    router.get("/api/v1/providers/:id/login").handler(this::get);
    router.delete("/api/v1/providers/:id/login").handler(this::cancel);
    router.post("/api/v1/providers/:id/login/code").handler(JsonBody.HANDLER).handler(this::code);
    router.get("/api/v1/providers/:id/status").handler(this::status);
  }

  private void start(RoutingContext ctx) {
    ProviderSpec spec = cliSpec(ctx);
    logins.start(providers.get(spec.id()).orElseThrow())
        .onComplete(session -> Responses.json(ctx, 202, session.toJson()), failure -> Responses.failure(ctx, failure));
  }

  private void get(RoutingContext ctx) {
    ProviderSpec spec = cliSpec(ctx);
    logins.session(spec.id()).onComplete(session -> {
      if (session.isEmpty()) {
        Responses.error(ctx, ApiError.notFound("No login of " + spec.id() + " has been started"));
      } else {
        Responses.json(ctx, 200, session.get().toJson());
      }
    }, failure -> Responses.failure(ctx, failure));
  }

  private void cancel(RoutingContext ctx) {
    ProviderSpec spec = cliSpec(ctx);
    logins.cancel(spec.id())
        .onComplete(session -> Responses.json(ctx, 200, session.toJson()), failure -> Responses.failure(ctx, failure));
  }

  private void code(RoutingContext ctx) {
    ProviderSpec spec = cliSpec(ctx);
    Object code = JsonBody.object(ctx).getValue("code");
    if (!(code instanceof String text) || text.isBlank()) {
      throw ApiError.badRequest("Invalid code: expected the code#state the sign-in page shows",
          List.of(new FieldProblem("code", "expected the code#state the sign-in page shows")));
    }
    logins.submitCode(spec.id(), text)
        .onComplete(session -> Responses.json(ctx, 200, session.toJson()), failure -> Responses.failure(ctx, failure));
  }

  private void status(RoutingContext ctx) {
    ProviderSpec spec = cliSpec(ctx);
    cliStatus.status(spec.id()).onComplete(s -> Responses.json(ctx, 200, s), ctx::fail);
  }

  private static ProviderSpec cliSpec(RoutingContext ctx) {
    ProviderSpec spec = ProviderCatalog.find(ctx.pathParam("id")).orElseThrow(() -> ApiError.notFound("No provider '" + ctx.pathParam("id")
        + "'"));
    if (spec.backend() != ProviderSpec.Backend.CLI) {
      throw ApiError.notFound(spec.id() + " is an API provider: it has no CLI login or status");
    }
    return spec;
  }
}
