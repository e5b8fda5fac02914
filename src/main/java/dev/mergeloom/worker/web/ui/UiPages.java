package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.WorkerContext;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The server-rendered UI: home, providers (cards, one form per provider, runtime settings) and
 * health. Every form posts back here, is turned into the API's body and goes through the same
 * services, then redirects (post/redirect/get) or re-renders with the errors beside the fields.
 */
public final class UiPages {
  private final WorkerContext worker;
  private final PageRenderer pages;
  private final HealthChecks checks;
  private final Vertx vertx;

  public UiPages(Vertx vertx, WorkerContext worker, HealthChecks checks) {
    this.vertx = vertx;
    this.worker = worker;
    this.pages = new PageRenderer(vertx, worker);
    this.checks = checks;
  }

  public void mount(Router router) {
    BodyHandler form = BodyHandler.create(false).setBodyLimit(1024 * 1024);
    router.route("/static/*").handler(StaticHandler.create("webroot/static"));
    router.get("/").handler(this::home);
    router.get("/providers").handler(this::providers);
    router.get("/providers/:id").handler(this::provider);
    router.post("/providers/:id").handler(form).handler(this::saveProvider);
    router.post("/providers/:id/forget").handler(form).handler(this::forgetProvider);
    router.post("/providers/:id/self-test").handler(form).handler(this::selfTest);
    new CliLoginPages(worker, this::renderProviderPage).mount(router, form);
    router.post("/runtime-config").handler(form).handler(this::saveRuntime);
    router.get("/health").handler(this::health);
    worker.jobs().ifPresent(jobs -> new JobPages(vertx, worker, jobs).mount(router, form));
  }

  private boolean providersReadOnly() {
    return worker.settings().providerConfigMode() == ConfigMode.PROVISIONED;
  }

  private boolean runtimeReadOnly() {
    return worker.settings().runtimeConfigMode() == ConfigMode.PROVISIONED;
  }

  private void home(RoutingContext ctx) {
    homeModel(worker, JobForm.view(worker, null, List.of())).onComplete(
        model -> pages.send(ctx, 200, "home", "home", "Worker", model), ctx::fail);
  }

  /** The home page's model around a job form (empty, or refused and shown again as typed). */
  static io.vertx.core.Future<JsonObject> homeModel(WorkerContext worker, JsonObject form) {
    List<ResolvedProvider> all = worker.providers().list();
    long configured = all.stream().filter(ResolvedProvider::configured).count();
    var jobs = worker.jobs().map(j -> j.list(null, 5).map(list -> new JsonObject().put("running", list.running())
        .put("onExecutors", worker.settings().role() == dev.mergeloom.worker.config.Role.GATEWAY)
        .put("queued", list.queued()).put("recent", new JsonArray(list.summaries()))))
        .orElse(io.vertx.core.Future.succeededFuture(null));
    return jobs.map(jobsModel -> new JsonObject()
        .put("form", form)
        .put("providers", ViewModels.summaries(worker))
        .put("configuredCount", configured)
        .put("providerCount", all.size())
        .put("executors", ViewModels.executors(worker))
        .put("jobs", jobsModel));
  }

  private void providers(RoutingContext ctx) {
    renderProviders(ctx, 200, null, List.of(), ctx.request().getParam("saved") != null);
  }

  private void renderProviders(RoutingContext ctx, int status, MultiMap submitted, List<FieldProblem> problems,
      boolean saved) {
    pages.send(ctx, status, "providers", "providers", "Providers", new JsonObject()
        .put("providers", ViewModels.summaries(worker))
        .put("runtime", RuntimeForm.view(worker.runtime().effective(), submitted, problems, runtimeReadOnly()))
        .put("runtimeReadOnly", runtimeReadOnly())
        .put("runtimeSaved", saved)
        .put("errors", errorList(problems, "r-", null)));
  }

  private void provider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null) {
      return;
    }
    ResolvedProvider p = worker.providers().get(spec.id()).orElseThrow();
    String method = ctx.request().getParam("authMethod");
    if (method == null || !spec.hasAuthMethod(method) || p.authMethod().locked()) {
      method = p.authMethod().value();
    }
    if (ctx.request().getParam("checkStatus") != null && spec.backend() == ProviderSpec.Backend.CLI) {
      worker.cliStatus().status(spec.id()).onComplete(status -> renderProviderPage(ctx, 200, List.of(), status),
          ctx::fail);
      return;
    }
    if (ctx.request().getParam("models") != null && spec.backend() == ProviderSpec.Backend.API) {
      String chosen = method;
      worker.selfTests().models(spec).onComplete(
          models -> sendProvider(ctx, 200, p, model(ctx, p, chosen, null, List.of(), false), models, null),
          failure -> sendProvider(ctx, 200, p, model(ctx, p, chosen, null, List.of(), false), null,
              dev.mergeloom.worker.config.Redactor.redact(String.valueOf(failure.getMessage()))));
      return;
    }
    renderProvider(ctx, 200, p, method, null, List.of(), ctx.request().getParam("saved") != null);
  }

  /** The provider page with the endpoint's model list (or why there is none) beside the model field. */
  private void sendProvider(RoutingContext ctx, int status, ResolvedProvider p, JsonObject model, List<String> models,
      String error) {
    for (Object o : model.getJsonObject("provider").getJsonArray("fields")) {
      JsonObject field = (JsonObject) o;
      if (field.getString("key").equals("model")) {
        field.put("models", models == null ? null : new JsonArray(models)).put("modelsCount", models == null ? 0
            : models.size()).put("modelsError", error).put("modelsShown", true);
      }
    }
    sendProviderPage(ctx, status, p, model);
  }

  /** Sends the provider page, with the provider's last CLI login asked of the login verticle first. */
  private void sendProviderPage(RoutingContext ctx, int status, ResolvedProvider p, JsonObject model) {
    (p.spec().backend() == ProviderSpec.Backend.CLI ? worker.cliLogins().session(p.spec().id())
        : io.vertx.core.Future.succeededFuture(java.util.Optional.<dev.mergeloom.worker.cli.LoginView>empty()))
        .onComplete(login -> pages.send(ctx, status, "provider", "providers", p.spec().label(),
            model.put("login", login.map(CliLoginPages::view).orElse(null))), ctx::fail);
  }

  /** The provider page as it is now, with optional problems and a fresh CLI status. */
  void renderProviderPage(RoutingContext ctx, int status, List<FieldProblem> problems, JsonObject cliStatus) {
    ProviderSpec spec = spec(ctx);
    ResolvedProvider p = worker.providers().get(spec.id()).orElseThrow();
    sendProviderPage(ctx, status, p, model(ctx, p, p.authMethod().value(), null, problems, false)
        .put("cliStatus", cliStatus));
  }

  private void renderProvider(RoutingContext ctx, int status, ResolvedProvider p, String method, MultiMap submitted,
      List<FieldProblem> problems, boolean saved) {
    sendProviderPage(ctx, status, p, model(ctx, p, method, submitted, problems, saved));
  }

  private JsonObject model(RoutingContext ctx, ResolvedProvider p, String method, MultiMap submitted,
      List<FieldProblem> problems, boolean saved) {
    JsonObject selfTest = worker.selfTests().current(p).orElse(null);
    JsonObject hints = ProviderPageHints.view(worker, p, selfTest, saved, ctx.request().getParam("tested") != null);
    JsonObject form = ProviderForm.view(p, selfTest, method, submitted, problems, providersReadOnly());
    for (Object o : form.getJsonArray("fields")) {
      JsonObject field = (JsonObject) o;
      if (field.getString("key").equals("baseUrl") && hints.containsKey("presets")) {
        field.put("presets", hints.getJsonArray("presets"));
      }
      if (field.getString("key").equals("model") && ProviderPageHints.listsModels(p.spec().id())) {
        field.put("modelsLink", "/providers/" + p.spec().id() + "?models=1#f-model");
      }
    }
    return new JsonObject()
        .put("hints", hints)
        .put("provider", form)
        .put("readOnly", providersReadOnly())
        .put("saved", saved)
        .put("tested", ctx.request().getParam("tested") != null)
        .put("loginPossible", CliLoginPages.loginPossible(p))
        .put("errors", errorList(problems, "f-", p.spec()));
  }

  private void saveProvider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    worker.providers().update(spec, ProviderForm.body(spec, form)).onComplete(
        ok -> seeOther(ctx, "/providers/" + spec.id() + "?saved=1"),
        failure -> {
          ResolvedProvider p = worker.providers().get(spec.id()).orElseThrow();
          String method = spec.hasAuthMethod(form.get("authMethod")) ? form.get("authMethod") : p.authMethod().value();
          renderProvider(ctx, PageErrors.status(failure), p, method, form, PageErrors.problems(failure), false);
        });
  }

  private void forgetProvider(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    worker.providers().delete(spec).onComplete(
        ok -> seeOther(ctx, "/providers/" + spec.id() + "?saved=1"),
        failure -> renderProvider(ctx, PageErrors.status(failure), worker.providers().get(spec.id()).orElseThrow(),
            worker.providers().get(spec.id()).orElseThrow().authMethod().value(), null, PageErrors.problems(failure), false));
  }

  /** Runs the self-test while the operator waits, then shows its result on the provider page. */
  private void selfTest(RoutingContext ctx) {
    ProviderSpec spec = spec(ctx);
    if (spec == null || !csrf(ctx)) {
      return;
    }
    worker.selfTests().run(spec).onComplete(
        ok -> seeOther(ctx, "/providers/" + spec.id() + "?tested=1#self-test"),
        failure -> renderProvider(ctx, 500, worker.providers().get(spec.id()).orElseThrow(),
            worker.providers().get(spec.id()).orElseThrow().authMethod().value(), null, PageErrors.problems(failure), false));
  }

  private void saveRuntime(RoutingContext ctx) {
    if (!csrf(ctx)) {
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    worker.runtime().update(RuntimeForm.body(form)).onComplete(
        ok -> seeOther(ctx, "/providers?saved=1#runtime"),
        failure -> renderProviders(ctx, PageErrors.status(failure), form, PageErrors.problems(failure), false));
  }

  private void health(RoutingContext ctx) {
    checks.checkStatus().onComplete(ar -> {
      boolean up = ar.succeeded() && CheckResult.isUp(ar.result());
      JsonArray rows = new JsonArray();
      List<CheckResult> results = ar.succeeded() && ar.result().getChecks() != null ? ar.result().getChecks() : List.of();
      for (CheckResult check : results) {
        boolean checkUp = CheckResult.isUp(check);
        rows.add(new JsonObject().put("id", check.getId()).put("up", checkUp).put("status", checkUp ? "UP" : "DOWN")
            .put("detail", check.getData() == null ? null : describe(check.getData())));
      }
      pages.send(ctx, up ? 200 : 503, "health", "health", "Health", new JsonObject().put("up", up).put("checks", rows)
          .put("jobs", jobReadiness()).put("workspaces", workspaces()).put("sandbox", worker.sandbox().toJson())
          .put("providers", ViewModels.summaries(worker)).put("executors", ViewModels.executors(worker)));
    });
  }

  /**
   * Whether a job could start now: the process being up is not enough while no provider is
   * configured and self-tested. Says what is missing when it could not.
   */
  private JsonObject jobReadiness() {
    boolean required = worker.runtime().values().requireSelfTest();
    List<ResolvedProvider> configured = worker.providers().list().stream().filter(ResolvedProvider::configured).toList();
    List<ResolvedProvider> usable = configured.stream().filter(p -> !required || worker.selfTests().passed(p)).toList();
    boolean runsJobs = worker.settings().role() != dev.mergeloom.worker.config.Role.GATEWAY;
    String missing = runsJobs && !worker.sandbox().jobsAllowed() ? "Jobs are refused: the sandbox is unavailable ("
            + worker.sandbox().detail() + ")."
        : configured.isEmpty() ? "No provider is configured: set one up on Providers and run its self-test."
        : usable.isEmpty() ? "No configured provider has a passed self-test for its current settings ("
            + String.join(", ", configured.stream().map(p -> p.spec().label()).toList())
            + "): run the self-test on its page."
        : null;
    return new JsonObject().put("ready", missing == null).put("missing", missing)
        .put("usable", String.join(", ", usable.stream().map(p -> p.spec().label()).toList()));
  }

  /** The disk the job workspaces use, from the last retention sweep; null where no jobs run. */
  private JsonObject workspaces() {
    return worker.workspaces().map(w -> {
      var u = w.usage();
      long hours = worker.settings().workspaceRetention().toHours();
      return new JsonObject().put("count", u.workspaces()).put("size", humanBytes(u.bytes()))
          .put("measuredAt", u.measuredAt() == null ? null : u.measuredAt().toString())
          .put("retention", hours == 0 ? "kept for good (JCA_WORKER_WORKSPACE_RETENTION_HOURS=0)"
              : "removed " + hours + " h after their job ends");
    }).orElse(null);
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
  }

  private static String describe(JsonObject data) {
    return String.join(", ", data.stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
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

  /** Post/redirect/get: 303 makes the browser fetch the result page with GET. */
  static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
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
