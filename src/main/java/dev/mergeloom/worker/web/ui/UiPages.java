package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.WorkerContext;
import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.Role;
import dev.mergeloom.worker.config.WorkerSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The server-rendered UI's route table: each page object gets only the services it uses, and each
 * route is one line naming its handler. Form posts go through the same services as the API.
 */
public final class UiPages {
  private UiPages() {}

  /** Mounts the UI; {@code worker} is read here, once, and no page keeps it. */
  public static void mount(Router router, Vertx vertx, WorkerContext worker, HealthChecks checks) {
    WorkerSettings settings = worker.settings();
    boolean gateway = settings.role() == Role.GATEWAY;
    PageRenderer pages = new PageRenderer(vertx, ViewModels.identity(settings, worker.version()));
    ProviderViews views = new ProviderViews(worker.providers(), worker.selfTests(), worker.cliStatus());
    HomePage home = new HomePage(pages, views, worker.runtime(), worker.jobs(), gateway, worker.executors());
    ProviderPages providers = new ProviderPages(pages, views, worker.runtime(), worker.cliLogins(),
        settings.providerConfigMode() == ConfigMode.PROVISIONED, settings.runtimeConfigMode() == ConfigMode.PROVISIONED,
        settings.deployment());
    CliLoginPages logins = new CliLoginPages(worker.providers(), worker.cliLogins(), worker.cliStatus(),
        providers::renderProviderPage);
    HealthPage health = new HealthPage(pages, checks, views, worker.runtime(), worker.sandbox(), !gateway,
        worker.workspaces(), settings.workspaceRetention(), worker.executors());

    BodyHandler form = BodyHandler.create(false).setBodyLimit(1024 * 1024);
    router.route("/static/*").handler(StaticHandler.create("webroot/static"));
    router.get("/").handler(home::page);
    router.get("/providers").handler(providers::list);
    router.get("/providers/:id").handler(providers::provider);
    router.post("/providers/:id").handler(form).handler(providers::saveProvider);
    router.post("/providers/:id/forget").handler(form).handler(providers::forgetProvider);
    router.post("/providers/:id/self-test").handler(form).handler(providers::selfTest);
    router.post("/providers/:id/login").handler(form).handler(logins::start);
    router.post("/providers/:id/login/code").handler(form).handler(logins::code);
    router.post("/providers/:id/login/cancel").handler(form).handler(logins::cancel);
    router.post("/runtime-config").handler(form).handler(providers::saveRuntime);
    router.get("/health").handler(health::page);
    GitHostsPage gitHosts = new GitHostsPage(pages, worker.gitHosts());
    router.get("/git-hosts").handler(gitHosts::page);
    router.post("/git-hosts").handler(form).handler(gitHosts::save);
    router.post("/git-hosts/:host/forget").handler(form).handler(gitHosts::forget);
    worker.jobs().ifPresent(jobs -> {
      JobPages runs = new JobPages(pages, jobs, home, gateway);
      router.get("/runs").handler(runs::runs);
      router.get("/audit/:id").handler(runs::audit);
      router.get("/live/:id").handler(runs::live);
      router.post("/jobs").handler(form).handler(runs::submit);
      router.post("/jobs/:id/cancel").handler(form).handler(runs::cancel);
      router.post("/jobs/:id/publish").handler(form).handler(runs::republish);
    });
  }

  /** Post/redirect/get: 303 makes the browser fetch the result page with GET. */
  static void seeOther(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(303).putHeader("Location", location).end();
  }
}
