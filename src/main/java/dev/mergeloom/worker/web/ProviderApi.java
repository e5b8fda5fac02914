package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.LoginView;
import dev.mergeloom.worker.selftest.SelfTestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/providers}: list, read, write and forget provider settings. */
final class ProviderApi {
  private final ProviderSettingsService providers;
  private final SelfTestService selfTests;
  private final CliLogins logins;

  ProviderApi(ProviderSettingsService providers, SelfTestService selfTests, CliLogins logins) {
    this.providers = providers;
    this.selfTests = selfTests;
    this.logins = logins;
  }

  void mount(Router router) {
    router.get("/api/v1/providers").handler(this::list);
    router.get("/api/v1/providers/:id").handler(this::get);
    router.put("/api/v1/providers/:id").handler(JsonBody.HANDLER).handler(this::put);
    router.delete("/api/v1/providers/:id").handler(this::delete);
    router.post("/api/v1/providers/:id/self-test").handler(this::selfTest);
    router.get("/api/v1/providers/:id/models").handler(this::models);
  }

  /** The endpoint's model list, or 422 {@code models_unavailable} with the provider's reason. */
  private void models(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    selfTests.models(spec).onComplete(
        models -> Responses.json(ctx, 200, new JsonObject().put("models", new JsonArray(models))),
        failure -> {
          if (failure instanceof dev.mergeloom.worker.provider.ProviderException e) {
            Responses.error(ctx, new ApiError(422, "models_unavailable",
                dev.mergeloom.worker.config.Redactor.redact(e.getMessage())));
          } else {
            Responses.failure(ctx, failure);
          }
        });
  }

  /** Answers the providers' cards, each with its last CLI login (asked of the login verticle once). */
  private void cards(RoutingContext ctx, java.util.List<ResolvedProvider> ps, boolean one) {
    logins.all().onComplete(views -> {
      JsonArray cards = new JsonArray(ps.stream().map(p -> ProviderCards.card(p, selfTests.current(p).orElse(null),
          java.util.Optional.ofNullable(views.get(p.spec().id())).map(LoginView::toJson).orElse(null))).toList());
      Responses.json(ctx, 200, one ? cards.getJsonObject(0) : cards);
    }, failure -> Responses.failure(ctx, failure));
  }

  private void card(RoutingContext ctx, ResolvedProvider p) {
    cards(ctx, java.util.List.of(p), true);
  }

  private void selfTest(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    selfTests.run(spec).onComplete(result -> Responses.json(ctx, 200, result), failure -> Responses.failure(ctx, failure));
  }

  private void list(RoutingContext ctx) {
    cards(ctx, providers.list(), false);
  }

  private void get(RoutingContext ctx) {
    ResolvedProvider p = providers.get(ctx.pathParam("id")).orElseThrow(() -> unknown(ctx));
    card(ctx, p);
  }

  private void put(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    JsonObject body = JsonBody.object(ctx);
    providers.update(spec, body).onComplete(
        ok -> card(ctx, ok),
        failure -> Responses.failure(ctx, failure));
  }

  private void delete(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    providers.delete(spec).onComplete(
        ok -> card(ctx, ok),
        failure -> Responses.failure(ctx, failure));
  }

  private static ProviderSpec spec(RoutingContext ctx) {
    return ProviderCatalog.find(ctx.pathParam("id")).orElseThrow(() -> unknown(ctx));
  }

  private static ApiError unknown(RoutingContext ctx) {
    return ApiError.notFound("No provider '" + ctx.pathParam("id") + "'; expected one of "
        + String.join(", ", ProviderCatalog.ids()));
  }
}
