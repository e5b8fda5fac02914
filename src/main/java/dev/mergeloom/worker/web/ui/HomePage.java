package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.cluster.ExecutorRegistry;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.jobs.Jobs;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/** The home page: providers at a glance, the gateway's executors, recent jobs and the job form. */
final class HomePage {
  private final PageRenderer pages;
  private final ProviderViews views;
  private final RuntimeConfigService runtime;
  private final Optional<Jobs> jobs;
  private final boolean onExecutors;
  private final Optional<ExecutorRegistry> executors;

  /** @param onExecutors whether jobs run on executors (a gateway), not here */
  HomePage(PageRenderer pages, ProviderViews views, RuntimeConfigService runtime, Optional<Jobs> jobs,
      boolean onExecutors, Optional<ExecutorRegistry> executors) {
    this.pages = pages;
    this.views = views;
    this.runtime = runtime;
    this.jobs = jobs;
    this.onExecutors = onExecutors;
    this.executors = executors;
  }

  void page(RoutingContext ctx) {
    send(ctx, 200, "Worker", null, List.of());
  }

  /**
   * The home page around a job form: empty, or refused and shown again as typed with each
   * problem beside its field.
   */
  void send(RoutingContext ctx, int status, String title, MultiMap submitted, List<FieldProblem> problems) {
    model(JobForm.view(runtime, views, submitted, problems)).onComplete(
        model -> pages.send(ctx, status, "home", "home", title, model), ctx::fail);
  }

  private Future<JsonObject> model(JsonObject form) {
    List<ResolvedProvider> all = views.all();
    long configured = all.stream().filter(ResolvedProvider::configured).count();
    var recent = jobs.map(j -> j.list(null, 5).map(list -> new JsonObject().put("running", list.running())
        .put("onExecutors", onExecutors)
        .put("queued", list.queued()).put("recent", new JsonArray(list.summaries()))))
        .orElse(Future.succeededFuture(null));
    return recent.map(jobsModel -> new JsonObject()
        .put("form", form)
        .put("providers", views.summaries())
        .put("configuredCount", configured)
        .put("providerCount", all.size())
        .put("executors", ViewModels.executors(executors))
        .put("jobs", jobsModel));
  }
}
