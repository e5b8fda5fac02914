package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.jobs.run.JobDeps;
import dev.mergeloom.worker.jobs.workspace.Publisher;
import dev.mergeloom.worker.jobs.workspace.Rebuild;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A publish_failed job's commit delivered again, without its model: from its workspace while it
 * is there, else made again from the record's patch in a scratch directory (the workspace was
 * removed after the retention period, or is on the executor that ran the job). The review
 * request is the one the first attempt tried, with the same text.
 */
final class Republisher {
  private final JobDeps deps;

  Republisher(JobDeps deps) {
    this.deps = deps;
  }

  /**
   * @param onExecutor whether the job ran on an executor (its workspace is not here)
   * @return the outcome as the record keeps it; a refusal when there is nothing to publish from
   */
  Future<JsonObject> attempt(String id, JsonObject result, boolean onExecutor, Optional<SecretValue> token) {
    JsonObject last = result.getJsonObject("publish");
    String workspace = result.getString("workspace");
    Future<Boolean> here = onExecutor || workspace == null ? Future.succeededFuture(false)
        : deps.vertx().fileSystem().exists(workspace + "/.git");
    return here.compose(exists -> {
      if (exists) {
        return publish(last, Path.of(workspace), token, false);
      }
      String patch = result.getString("patch");
      if (patch == null) {
        return Future.failedFuture(new Refusal(Refusal.Code.PUBLISH_NOT_POSSIBLE, "Job " + id + " has no workspace here "
            + "and no patch in its record (over 1 MB), so its commit cannot be made again"));
      }
      Path scratch = deps.workspaceRoot().resolve(id + ".republish");
      var git = deps.git(scratch.resolve("home"));
      return Rebuild.commit(deps.vertx(), git, last.getString("target"), token, result.getString("baseCommit"), patch,
          last.getString("commit"), last.getString("branch"), scratch.resolve("work"))
          .compose(work -> publish(last, work, token, true))
          .recover(e -> Future.succeededFuture(last.copy().put("state", "failed").put("rebuilt", true)
              .put("at", java.time.Instant.now().toString())
              .put("error", dev.mergeloom.worker.config.Redactor.redact("making the commit again from the job's patch "
                  + "failed: " + e.getMessage()))))
          .eventually(() -> deps.vertx().fileSystem().deleteRecursive(scratch.toString()).otherwise(v -> null));
    });
  }

  private Future<JsonObject> publish(JsonObject last, Path work, Optional<SecretValue> token, boolean rebuilt) {
    return Publisher.attempt(new Publisher(deps.git(work.resolveSibling("home")), deps.gitThreads()),
        Publisher.repository(last, token), work, last.getString("branch"), last.getString("commit"),
        Publisher.Review.fromJson(deps.forges(), last.getJsonObject("review")))
        .map(outcome -> outcome.put("rebuilt", rebuilt));
  }
}
