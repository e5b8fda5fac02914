package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.jobs.model.JobView;
import dev.mergeloom.worker.jobs.Jobs;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The job pages: {@code /runs} (history, filter by outcome), {@code /audit/{id}} (stages,
 * commands, files, tokens, cost, diff), {@code /live/{id}} (the event stream, followed by
 * app.js), and the small submit form on the home page ({@code POST /jobs}).
 */
final class JobPages {
  static final List<String> STATES = List.of("queued", "running", "completed", "blocked", "failed", "cancelled", "publish_failed");
  private final Jobs jobs;
  private final PageRenderer pages;
  private final HomePage home;
  private final boolean onExecutors;

  /**
   * @param home where a refused submission is shown again
   * @param onExecutors whether jobs run on executors (a gateway), so their work trees are not here
   */
  JobPages(PageRenderer pages, Jobs jobs, HomePage home, boolean onExecutors) {
    this.jobs = jobs;
    this.pages = pages;
    this.home = home;
    this.onExecutors = onExecutors;
  }

  /** The newest runs the page shows; every job stays in the store and at /audit/{id}. */
  static final int RUNS_SHOWN = 200;

  void runs(RoutingContext ctx) {
    String state = ctx.request().getParam("outcome");
    if (state != null && !STATES.contains(state)) {
      state = null;
    }
    String chosen = state;
    jobs.list(state, RUNS_SHOWN).onComplete(list -> {
      JsonArray rows = new JsonArray(list.summaries());
      JsonArray filters = new JsonArray(STATES.stream().map(s -> new JsonObject().put("state", s)
          .put("count", list.counts().get(s)).put("current", s.equals(chosen))).toList());
      pages.send(ctx, 200, "runs", "runs", "Runs", new JsonObject().put("rows", rows).put("filters", filters)
          .put("all", chosen == null).put("empty", rows.isEmpty()));
    }, ctx::fail);
  }

  /** The job's copy, or the not-found page (an id nobody has, or a failure to ask). */
  private void withJob(RoutingContext ctx, java.util.function.Consumer<JobView> page) {
    jobs.get(ctx.pathParam("id")).onComplete(page::accept, failure -> notFound(ctx));
  }

  void audit(RoutingContext ctx) {
    withJob(ctx, record -> audit(ctx, record));
  }

  private void audit(RoutingContext ctx, JobView record) {
    JsonObject job = record.json();
    String workspace = job.getJsonObject("result") == null ? null : job.getJsonObject("result").getString("workspace");
    (workspace == null ? io.vertx.core.Future.succeededFuture(false) : ctx.vertx().fileSystem().exists(workspace))
        .otherwise(false)
        .onSuccess(exists -> pages.send(ctx, 200, "audit", "runs", "Audit " + record.ticketKey(),
            AuditView.of(job, exists, onExecutors)));
  }

  void live(RoutingContext ctx) {
    withJob(ctx, record -> pages.send(ctx, 200, "live", "runs", "Live " + record.ticketKey(), new JsonObject()
        .put("job", record.summary()).put("running", !record.state().finished())));
  }

  /** The live page's cancel button: the same cancel as the API, then back to the live page. */
  void cancel(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    String id = ctx.pathParam("id");
    jobs.cancel(id).onComplete(r -> UiPages.seeOther(ctx, "/live/" + id), e -> UiPages.seeOther(ctx, "/live/" + id));
  }

  /**
   * The audit page's "Publish again": the same retry as the API, with the token the form gave
   * for a URL remote; back on the audit page, which says how it went (or why it could not).
   */
  void republish(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    String id = ctx.pathParam("id");
    String token = ctx.request().getFormAttribute("accessToken");
    jobs.publish(id, java.util.Optional.ofNullable(token).filter(t -> !t.isBlank())
        .map(dev.mergeloom.worker.config.SecretValue::new)).onComplete(
            record -> UiPages.seeOther(ctx, "/audit/" + id + "#where"),
            failure -> withJob(ctx, record -> pages.send(ctx, PageErrors.status(failure), "audit", "runs",
                "Audit " + record.ticketKey(), AuditView.of(record.json(), true, onExecutors)
                    .put("republishError", failure.getMessage()))));
  }

  /** The home page's form: a job on a local repository, submitted through the same intake as the API. */
  void submit(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      pages.send(ctx, 403, "message", "home", "Form expired", new JsonObject().put("heading", "This form has expired")
          .put("text", "Reload the page and submit it again.").put("link", "/").put("linkText", "Home"));
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    jobs.submit(JobForm.envelope(form)).onComplete(
        record -> UiPages.seeOther(ctx, "/live/" + record.id()),
        failure -> {
          // Shown again on the home page as typed, each problem beside its field.
          // A refusal (no provider, no sandbox, queue full) is said above the form.
          List<FieldProblem> problems = failure instanceof dev.mergeloom.worker.bus.Refusal r
              ? List.of(new FieldProblem("job", r.getMessage())) : PageErrors.problems(failure);
          home.send(ctx, PageErrors.status(failure), "Job not started", form, problems);
        });
  }

  private void notFound(RoutingContext ctx) {
    pages.send(ctx, 404, "message", "runs", "Not found", new JsonObject().put("heading", "No such job")
        .put("text", "There is no job with that id.").put("link", "/runs").put("linkText", "All runs"));
  }
}
