package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.cluster.ExecutorRegistry;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.RuntimeConfigService;
import dev.mergeloom.worker.jobs.workspace.WorkspaceJanitor;
import dev.mergeloom.worker.process.SandboxStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The health page: the same checks as /healthz, whether a job could start now, disk and sandbox. */
final class HealthPage {
  private final PageRenderer pages;
  private final HealthChecks checks;
  private final ProviderViews views;
  private final RuntimeConfigService runtime;
  private final SandboxStatus sandbox;
  private final boolean runsJobs;
  private final Optional<WorkspaceJanitor> workspaces;
  private final Duration retention;
  private final Optional<ExecutorRegistry> executors;

  /**
   * @param runsJobs whether jobs run here (not on a gateway, where executors run them)
   * @param retention how long a finished job's workspace is kept (zero: for good)
   */
  HealthPage(PageRenderer pages, HealthChecks checks, ProviderViews views, RuntimeConfigService runtime,
      SandboxStatus sandbox, boolean runsJobs, Optional<WorkspaceJanitor> workspaces, Duration retention,
      Optional<ExecutorRegistry> executors) {
    this.pages = pages;
    this.checks = checks;
    this.views = views;
    this.runtime = runtime;
    this.sandbox = sandbox;
    this.runsJobs = runsJobs;
    this.workspaces = workspaces;
    this.retention = retention;
    this.executors = executors;
  }

  void page(RoutingContext ctx) {
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
          .put("jobs", jobReadiness()).put("workspaces", workspaces()).put("sandbox", sandbox.toJson())
          .put("providers", views.summaries()).put("executors", ViewModels.executors(executors)));
    });
  }

  /**
   * Whether a job could start now: the process being up is not enough while no provider is
   * configured and self-tested. Says what is missing when it could not.
   */
  private JsonObject jobReadiness() {
    boolean required = runtime.values().requireSelfTest();
    List<ResolvedProvider> configured = views.all().stream().filter(ResolvedProvider::configured).toList();
    List<ResolvedProvider> usable = configured.stream().filter(p -> !required || views.passed(p)).toList();
    String missing = runsJobs && !sandbox.jobsAllowed() ? "Jobs are refused: the sandbox is unavailable ("
        + sandbox.detail() + ")."
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
    return workspaces.map(w -> {
      var u = w.usage();
      long hours = retention.toHours();
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
}
