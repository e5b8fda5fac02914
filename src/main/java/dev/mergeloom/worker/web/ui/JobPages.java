package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.WorkerContext;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.jobs.JobRecord;
import dev.mergeloom.worker.jobs.JobService;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;

/**
 * The job pages: {@code /runs} (history, filter by outcome), {@code /audit/{id}} (stages,
 * commands, files, tokens, cost, diff), {@code /live/{id}} (the event stream, followed by
 * app.js), and the small submit form on the home page ({@code POST /jobs}).
 */
final class JobPages {
  static final List<String> STATES = List.of("queued", "running", "completed", "blocked", "failed", "cancelled");
  private final JobService jobs;
  private final PageRenderer pages;

  JobPages(Vertx vertx, WorkerContext worker, JobService jobs) {
    this.jobs = jobs;
    this.pages = new PageRenderer(vertx, worker);
  }

  void mount(Router router, Handler<RoutingContext> form) {
    router.get("/runs").handler(this::runs);
    router.get("/audit/:id").handler(this::audit);
    router.get("/live/:id").handler(this::live);
    router.post("/jobs").handler(form).handler(this::submit);
  }

  /** The newest runs the page shows; every job stays in the store and at /audit/{id}. */
  static final int RUNS_SHOWN = 200;

  private void runs(RoutingContext ctx) {
    String state = ctx.request().getParam("outcome");
    if (state != null && !STATES.contains(state)) {
      state = null;
    }
    String chosen = state;
    JsonArray rows = new JsonArray(jobs.list(state, RUNS_SHOWN).stream().map(JobRecord::summary).toList());
    JsonArray filters = new JsonArray(STATES.stream().map(s -> new JsonObject().put("state", s)
        .put("count", jobs.counts().get(s)).put("current", s.equals(chosen))).toList());
    pages.send(ctx, 200, "runs", "runs", "Runs", new JsonObject().put("rows", rows).put("filters", filters)
        .put("all", chosen == null).put("empty", rows.isEmpty()));
  }

  private void audit(RoutingContext ctx) {
    JobRecord record = jobs.get(ctx.pathParam("id")).orElse(null);
    if (record == null) {
      notFound(ctx);
      return;
    }
    JsonObject job = record.toJson();
    JsonObject result = job.getJsonObject("result");
    JsonObject totals = new JsonObject().put("inputTokens", 0L).put("outputTokens", 0L).put("cost", 0.0)
        .put("toolCalls", 0);
    boolean costKnown = true;
    if (result != null) {
      for (Object o : result.getJsonArray("stages")) {
        JsonObject s = (JsonObject) o;
        totals.put("inputTokens", totals.getLong("inputTokens") + s.getLong("inputTokens", 0L));
        totals.put("outputTokens", totals.getLong("outputTokens") + s.getLong("outputTokens", 0L));
        totals.put("toolCalls", totals.getInteger("toolCalls") + s.getInteger("toolCalls", 0));
        if (s.getValue("costEstimate") == null) {
          costKnown = false;
        } else {
          totals.put("cost", totals.getDouble("cost") + s.getDouble("costEstimate"));
        }
      }
    }
    totals.put("costText", costKnown ? String.format(java.util.Locale.ROOT, "$%.4f", totals.getDouble("cost"))
        : "no estimate (model not in conf/model-prices.properties)");
    pages.send(ctx, 200, "audit", "runs", "Audit " + record.ticketKey(), new JsonObject().put("job", job)
        .put("totals", totals).put("running", !record.state().finished()));
  }

  private void live(RoutingContext ctx) {
    JobRecord record = jobs.get(ctx.pathParam("id")).orElse(null);
    if (record == null) {
      notFound(ctx);
      return;
    }
    pages.send(ctx, 200, "live", "runs", "Live " + record.ticketKey(), new JsonObject().put("job", record.summary()));
  }

  /** The home page's form: a job on a local repository, submitted through the same intake as the API. */
  private void submit(RoutingContext ctx) {
    if (!CsrfTokens.valid(ctx)) {
      pages.send(ctx, 403, "message", "home", "Form expired", new JsonObject().put("heading", "This form has expired")
          .put("text", "Reload the page and submit it again.").put("link", "/").put("linkText", "Home"));
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    JsonObject repository = new JsonObject().put("alias", "work").put("path", form.get("repoPath")).put("role", "work")
        .put("validationMode", form.get("validationMode"))
        .put("validationCommands", new JsonArray(lines(form.get("validationCommands"))));
    JsonObject envelope = new JsonObject().put("ticket", new JsonObject().put("key", form.get("ticketKey"))
        .put("title", form.get("title")).put("description", form.get("description") == null ? "" : form.get("description")))
        .put("repositories", new JsonArray().add(repository));
    jobs.submit(envelope).onComplete(
        record -> UiPages.seeOther(ctx, "/live/" + record.id()),
        failure -> {
          List<FieldProblem> problems = failure instanceof InvalidSettingsException e ? e.problems()
              : List.of(new FieldProblem("job", failure.getMessage()));
          pages.send(ctx, failure instanceof InvalidSettingsException ? 400 : 422, "message", "home", "Job not started",
              new JsonObject().put("heading", "The job was not started").put("problems", new JsonArray(problems.stream()
                  .map(p -> new JsonObject().put("field", p.field()).put("message", p.message())).toList()))
                  .put("link", "/").put("linkText", "Back to the form"));
        });
  }

  private static List<String> lines(String text) {
    return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private void notFound(RoutingContext ctx) {
    pages.send(ctx, 404, "message", "runs", "Not found", new JsonObject().put("heading", "No such job")
        .put("text", "There is no job with that id.").put("link", "/runs").put("linkText", "All runs"));
  }
}
