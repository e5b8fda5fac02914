package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.Redactor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.handlebars.HandlebarsTemplateEngine;

/**
 * Renders a Handlebars page from {@code webroot/templates} with the parts every page shares
 * (worker identity, navigation, CSRF token). Handlebars escapes every {@code {{value}}}; the
 * templates use no triple braces.
 */
public final class PageRenderer {
  private static final String TEMPLATES = "webroot/templates/";
  private final HandlebarsTemplateEngine engine;
  private final JsonObject identity;

  /** @param identity the worker's name, role and modes, shown in every page's header */
  public PageRenderer(Vertx vertx, JsonObject identity) {
    this.engine = HandlebarsTemplateEngine.create(vertx);
    PageHelpers.register(engine.unwrap());
    this.identity = identity.copy();
  }

  /** Renders to a string, for tests of the templates without a browser. */
  public Future<String> renderToString(String template, JsonObject model) {
    return engine.render(model, TEMPLATES + template + ".hbs").map(Buffer::toString);
  }

  public void send(RoutingContext ctx, int status, String template, String nav, String title, JsonObject model) {
    JsonObject full = model.copy()
        .put("title", title)
        .put("csrf", CsrfTokens.ensure(ctx))
        .put("worker", identity)
        .put("nav", new JsonObject().put(nav, true));
    renderToString(template, full).onComplete(
        html -> ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "text/html; charset=utf-8")
            .putHeader("Cache-Control", "no-store")
            .end(Redactor.redact(html)),
        ctx::fail);
  }
}
