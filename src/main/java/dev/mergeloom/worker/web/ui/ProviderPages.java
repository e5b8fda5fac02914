package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.cli.CliLogins;
import dev.mergeloom.worker.cli.LoginView;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * The provider pages: the cards and runtime settings ({@code /providers}), one form per provider,
 * its self-test and model list. Every form post is turned into the API's body and goes through the
 * same services, then redirects (post/redirect/get) or re-renders with the errors beside the fields.
 */
final class ProviderPages {
  private final PageRenderer pages;
  private final ProviderViews views;
  private final RuntimeConfigService runtime;
  private final CliLogins logins;
  private final boolean providersReadOnly;
  private final boolean runtimeReadOnly;
  private final String deployment;

  /**
   * @param providersReadOnly provider settings come only from the deployment (provisioned mode)
   * @param runtimeReadOnly runtime settings come only from the deployment
   * @param deployment how the worker was deployed, for the CLI login commands shown
   */
  ProviderPages(PageRenderer pages, ProviderViews views, RuntimeConfigService runtime, CliLogins logins,
      boolean providersReadOnly, boolean runtimeReadOnly, String deployment) {
    this.pages = pages;
    this.views = views;
    this.runtime = runtime;
    this.logins = logins;
    this.providersReadOnly = providersReadOnly;
    this.runtimeReadOnly = runtimeReadOnly;
    this.deployment = deployment;
  }

  void list(RoutingContext ctx) {
    renderProviders(ctx, 200, null, List.of(), ctx.request().getParam("saved") != null);
  }

  private void renderProviders(RoutingContext ctx, int status, MultiMap submitted, List<FieldProblem> problems,
      boolean saved) {
    pages.send(ctx, status, "providers", "providers", "Providers", new JsonObject()
        .put("providers", views.summaries())
        .put("runtime", RuntimeForm.view(runtime.effective(), submitted, problems, runtimeReadOnly))
        .put("runtimeReadOnly", runtimeReadOnly)
        .put("runtimeSaved", saved)
        .put("errors", errorList(problems, "r-", null)));
  }

  void provider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null) {
      return;
    }
    ResolvedProvider p = views.get(spec);
    String method = ctx.request().getParam("authMethod");
    if (method == null || !spec.hasAuthMethod(method) || p.authMethod().locked()) {
      method = p.authMethod().value();
    }
    if (ctx.request().getParam("checkStatus") != null && spec.backend() == ProviderSpec.Backend.CLI) {
      views.cliStatus().status(spec.id()).onComplete(status -> renderProviderPage(ctx, 200, List.of(), status),
          ctx::fail);
      return;
    }
    if (ctx.request().getParam("models") != null && spec.backend() == ProviderSpec.Backend.API) {
      String chosen = method;
      views.selfTests().models(spec).onComplete(
          models -> sendProvider(ctx, 200, p, model(ctx, p, chosen, null, List.of(), false), models, null),
          failure -> sendProvider(ctx, 200, p, model(ctx, p, chosen, null, List.of(), false), null,
              Redactor.redact(String.valueOf(failure.getMessage()))));
      return;
    }
    renderProvider(ctx, 200, p, method, null, List.of(), ctx.request().getParam("saved") != null);
  }

  /** The provider page with the endpoint's model list (or why there is none) beside the model field. */
  private void sendProvider(RoutingContext ctx, int status, ResolvedProvider p, JsonObject model, List<String> models,
      String error) {
    for (Object o : model.getJsonObject("provider").getJsonArray("fields")) {
      JsonObject field = (JsonObject) o;
      if (field.getString("key").equals(Fields.MODEL)) {
        field.put("models", models == null ? null : new JsonArray(models)).put("modelsCount", models == null ? 0
            : models.size()).put("modelsError", error).put("modelsShown", true);
      }
    }
    sendProviderPage(ctx, status, p, model);
  }

  /** Sends the provider page, with the provider's last CLI login asked of the login verticle first. */
  private void sendProviderPage(RoutingContext ctx, int status, ResolvedProvider p, JsonObject model) {
    (p.spec().backend() == ProviderSpec.Backend.CLI ? logins.session(p.spec().id())
        : Future.succeededFuture(Optional.<LoginView>empty()))
        .onComplete(login -> pages.send(ctx, status, "provider", "providers", p.spec().label(),
            model.put("login", login.map(CliLoginPages::view).orElse(null))), ctx::fail);
  }

  /** The provider page as it is now, with optional problems and a fresh CLI status. */
  void renderProviderPage(RoutingContext ctx, int status, List<FieldProblem> problems, JsonObject cliStatus) {
    ProviderSpec spec = spec(ctx);
    ResolvedProvider p = views.get(spec);
    sendProviderPage(ctx, status, p, model(ctx, p, p.authMethod().value(), null, problems, false)
        .put("cliStatus", cliStatus));
  }

  private void renderProvider(RoutingContext ctx, int status, ResolvedProvider p, String method, MultiMap submitted,
      List<FieldProblem> problems, boolean saved) {
    sendProviderPage(ctx, status, p, model(ctx, p, method, submitted, problems, saved));
  }

  private JsonObject model(RoutingContext ctx, ResolvedProvider p, String method, MultiMap submitted,
      List<FieldProblem> problems, boolean saved) {
    JsonObject selfTest = views.selfTest(p);
    JsonObject hints = ProviderPageHints.view(views.cliStatus(), deployment, p, selfTest, saved, ctx.request().getParam("tested") != null);
    JsonObject form = ProviderForm.view(p, selfTest, method, submitted, problems, providersReadOnly);
    for (Object o : form.getJsonArray("fields")) {
      JsonObject field = (JsonObject) o;
      if (field.getString("key").equals(Fields.BASE_URL) && hints.containsKey("presets")) {
        field.put("presets", hints.getJsonArray("presets"));
      }
      if (field.getString("key").equals(Fields.MODEL) && ProviderPageHints.listsModels(p.spec().id())) {
        field.put("modelsLink", "/providers/" + p.spec().id() + "?models=1#f-model");
      }
    }
    return new JsonObject()
        .put("hints", hints)
        .put("provider", form)
        .put("readOnly", providersReadOnly)
        .put("saved", saved)
        .put("tested", ctx.request().getParam("tested") != null)
        .put("loginPossible", CliLoginPages.loginPossible(p))
        .put("errors", errorList(problems, "f-", p.spec()));
  }

  void saveProvider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    views.providers().update(spec, ProviderForm.body(spec, form)).onComplete(
        ok -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "?saved=1"),
        failure -> {
          ResolvedProvider p = views.get(spec);
          String method = spec.hasAuthMethod(form.get("authMethod")) ? form.get("authMethod") : p.authMethod().value();
          renderProvider(ctx, PageErrors.status(failure), p, method, form, PageErrors.problems(failure), false);
        });
  }

  void forgetProvider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    views.providers().delete(spec).onComplete(
        ok -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "?saved=1"),
        failure -> renderProvider(ctx, PageErrors.status(failure), views.get(spec),
            views.get(spec).authMethod().value(), null, PageErrors.problems(failure), false));
  }

  /** Runs the self-test while the operator waits, then shows its result on the provider page. */
  void selfTest(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    views.selfTests().run(spec).onComplete(
        ok -> UiPages.seeOther(ctx, "/providers/" + spec.id() + "?tested=1#self-test"),
        failure -> renderProvider(ctx, 500, views.get(spec),
            views.get(spec).authMethod().value(), null, PageErrors.problems(failure), false));
  }

  void saveRuntime(RoutingContext ctx) {
    if (!csrf(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    runtime.update(RuntimeForm.body(form)).onComplete(
        ok -> UiPages.seeOther(ctx, "/providers?saved=1#runtime"),
        failure -> renderProviders(ctx, PageErrors.status(failure), form, PageErrors.problems(failure), false));
  }

  ProviderSpec spec(RoutingContext ctx) {
    ProviderSpec spec = ProviderCatalog.find(ctx.pathParam("id")).orElse(null);
    if (spec == null) {
      pages.send(ctx, 404, "message", "providers", "Not found", new JsonObject()
          .put("heading", "No such provider").put("text", "There is no provider with that id.")
          .put("link", "/providers").put("linkText", "All providers"));
    }
    return spec;
  }

  boolean csrf(RoutingContext ctx) {
    if (CsrfTokens.valid(ctx)) {
      return true;
    }
    pages.send(ctx, 403, "message", "providers", "Form expired", new JsonObject()
        .put("heading", "This form has expired")
        .put("text", "The form's security token did not match. Reload the page and submit it again.")
        .put("link", ctx.request().path()).put("linkText", "Reload"));
    return false;
  }

  /**
   * The error summary at the top of a form: each problem links to its field, named by the label
   * the operator sees beside it ("Base URL", not baseUrl).
   */
  private static JsonArray errorList(List<FieldProblem> problems, String idPrefix, ProviderSpec spec) {
    return new JsonArray(problems.stream().map(p -> {
      String key = p.field().startsWith("fields.") ? p.field().substring("fields.".length()) : p.field();
      String anchor = key.equals("authMethod") ? "auth-method" : idPrefix + key;
      String label = key.equals("authMethod") ? "Authentication"
          : spec == null ? RuntimeForm.label(key) : ProviderPageHints.labels(spec, List.of(key));
      return new JsonObject().put("field", label).put("message", p.message()).put("anchor", anchor);
    }).toList());
  }
}
