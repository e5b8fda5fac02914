package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.Effective;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.config.RuntimeSetting;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code /api/v1/runtime-config}: the flat contract shape, plus {@code sources} telling where
 * each value came from and whether the deployment locked it.
 */
final class RuntimeConfigApi {
  private final RuntimeConfigService runtime;

  RuntimeConfigApi(RuntimeConfigService runtime) {
    this.runtime = runtime;
  }

  void mount(Router router) {
    router.get("/api/v1/runtime-config").handler(this::get);
    router.put("/api/v1/runtime-config").handler(JsonBody.HANDLER).handler(this::put);
  }

  private void get(RoutingContext ctx) {
    Responses.json(ctx, 200, render(runtime.effective()));
  }

  private void put(RoutingContext ctx) {
    runtime.update(JsonBody.object(ctx)).onComplete(
        ok -> Responses.json(ctx, 200, render(ok)),
        failure -> Responses.failure(ctx, failure));
  }

  static JsonObject render(Map<RuntimeSetting, Effective> settings) {
    JsonObject body = new JsonObject();
    JsonObject sources = new JsonObject();
    settings.forEach((setting, e) -> {
      body.put(setting.key(), setting.toJson(e.value()));
      sources.put(setting.key(), new JsonObject()
          .put("source", e.source() == null ? null : e.source().wireName())
          .put("locked", e.locked())
          .put("variable", setting.envVar()));
    });
    return body.put("sources", sources);
  }
}
