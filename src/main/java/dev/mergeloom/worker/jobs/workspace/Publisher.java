package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.jobs.model.JobEnvelope;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.URIish;

/**
 * Delivers a completed job's branch: pushed to the work repository's remote when it came from a
 * URL, or fetched into the local repository it came from (a branch added, nothing checked out,
 * its work tree and index untouched). Never forced: a branch that already holds commits this one
 * lacks is refused with a message saying so, and stays as it was.
 */
public final class Publisher {
  /** A push or fetch that was refused or failed; its message is the operator's (no secrets). */
  public static final class PublishFailed extends RuntimeException {
    public PublishFailed(String message) {
      super(message, null, false, false);
    }
  }

  private final Git git;
  private final WorkerExecutor threads;

  public Publisher(Git git, WorkerExecutor threads) {
    this.git = git;
    this.threads = threads;
  }

  /** Where the review request of a URL repository's branch is opened or updated, and what it says. */
  public record Review(dev.mergeloom.worker.forge.ForgeClient client, dev.mergeloom.worker.forge.ForgeTarget target,
      dev.mergeloom.worker.forge.ReviewRequest request) {

    /** What the record keeps of it, so that a retry opens the same request. */
    public JsonObject toJson() {
      return new JsonObject().put("target", target.toJson()).put("request", request.toJson());
    }

    public static java.util.Optional<Review> fromJson(dev.mergeloom.worker.forge.ForgeClient client, JsonObject json) {
      return json == null ? java.util.Optional.empty() : java.util.Optional.of(new Review(client,
          dev.mergeloom.worker.forge.ForgeTarget.fromJson(json.getJsonObject("target")),
          dev.mergeloom.worker.forge.ReviewRequest.fromJson(json.getJsonObject("request"))));
    }
  }

  /**
   * Publishes, then opens or updates the review request when there is one to open, and says how
   * it went, never failing: {@code {"state": "published"|"failed", "target", "remote", "branch",
   * "commit", "pushed", "review"?, "reviewRequest"?, "error"?, "at"}}, the error redacted. What the
   * record keeps, and what a retry reads back ({@link #repository}, {@link Review#fromJson}).
   */
  public static Future<JsonObject> attempt(Publisher publisher, JobEnvelope.Repository repo, Path workspace, String branch,
      String commit, java.util.Optional<Review> review) {
    JsonObject tried = new JsonObject().put("target", repo.source()).put("remote", repo.url() != null)
        .put("branch", branch).put("commit", commit).put("at", java.time.Instant.now().toString()).put("pushed", false);
    review.ifPresent(r -> tried.put("review", r.toJson()));
    return publisher.publish(repo, workspace, branch, commit)
        .compose(done -> {
          tried.put("pushed", true);
          if (review.isEmpty()) {
            return Future.succeededFuture(tried.put("state", "published"));
          }
          Review r = review.get();
          if (repo.accessToken().isEmpty()) {
            return Future.succeededFuture(tried.put("state", "published").put("reviewRequest", new JsonObject()
                .put("state", "skipped").put("reason", "no token for " + r.target().forge().label() + ": give the "
                    + "repository an accessToken, or store one for its host under Git hosts, then publish again")));
          }
          return r.client().openOrUpdate(r.target(), r.request(), repo.accessToken().get())
              .map(opened -> tried.put("state", "published").put("reviewRequest", opened.put("state", "open")))
              .recover(e -> Future.failedFuture(new PublishFailed("the branch was pushed; opening the "
                  + r.target().forge().requestName() + " on " + r.target().forge().label() + " failed: " + e.getMessage())));
        })
        .otherwise(e -> tried.put("state", "failed").put("error",
            dev.mergeloom.worker.config.Redactor.redact(String.valueOf(e.getMessage()))));
  }

  /** The repository a recorded publish went to, for a retry with {@code token} (URL remotes). */
  public static JobEnvelope.Repository repository(JsonObject recorded,
      java.util.Optional<dev.mergeloom.worker.config.SecretValue> token) {
    boolean remote = recorded.getBoolean("remote", false);
    String target = recorded.getString("target");
    return new JobEnvelope.Repository("work", remote ? target : null, remote ? null : target, null, token, "work",
        java.util.List.of(), java.util.List.of(), "off", null, null, JobEnvelope.Repository.PUBLISH_BRANCH, null, null);
  }

  /** @return what was published: {@code {"target", "branch", "commit"}} */
  public Future<JsonObject> publish(JobEnvelope.Repository repo, Path workspace, String branch, String commit) {
    JsonObject done = new JsonObject().put("target", repo.source()).put("branch", branch).put("commit", commit);
    if (repo.url() != null) {
      return git.push(workspace, repo.url(), branch, repo.accessToken())
          .recover(e -> Future.failedFuture(new PublishFailed("pushing " + branch + " to " + repo.source() + " failed: "
              + e.getMessage())))
          .map(done);
    }
    Path source = Path.of(repo.path()).toAbsolutePath().normalize();
    return threads.executeBlocking(() -> {
      intoLocal(source, workspace, branch, commit);
      return done;
    }, false);
  }

  /**
   * Fetches the branch from the workspace into the source repository with JGit, in-process: no
   * hook or helper of either repository runs, and the source's checkout is not touched. Blocking.
   */
  static void intoLocal(Path source, Path workspace, String branch, String commit) throws Exception {
    String ref = "refs/heads/" + branch;
    try (Repository target = new FileRepositoryBuilder().findGitDir(source.toFile()).setMustExist(true).build()) {
      if (ref.equals(target.getFullBranch())) {
        throw new PublishFailed(branch + " is checked out in " + source + ": switch that repository to another "
            + "branch, then retry; its work tree is not changed");
      }
      Ref existing = target.exactRef(ref);
      if (existing != null && !containedIn(existing.getObjectId(), workspace, commit)) {
        throw new PublishFailed(branch + " in " + source + " has commits this job does not have; it was not "
            + "overwritten (rename or delete that branch, or continue from it)");
      }
      FetchResult result = org.eclipse.jgit.api.Git.wrap(target).fetch()
          .setRemote(new URIish(workspace.toFile().toURI().toURL()).toString())
          .setRefSpecs(new RefSpec(ref + ":" + ref))
          .setTagOpt(org.eclipse.jgit.transport.TagOpt.NO_TAGS)
          .call();
      TrackingRefUpdate update = result.getTrackingRefUpdate(ref);
      RefUpdate.Result outcome = update == null ? RefUpdate.Result.NO_CHANGE : update.getResult();
      if (!java.util.Set.of(RefUpdate.Result.NEW, RefUpdate.Result.FAST_FORWARD, RefUpdate.Result.NO_CHANGE)
          .contains(outcome)) {
        throw new PublishFailed("updating " + branch + " in " + source + " was refused (" + outcome + ")");
      }
    }
  }

  /** Whether the source's branch tip is the job's commit or one of its ancestors. */
  private static boolean containedIn(ObjectId tip, Path workspace, String commit) throws Exception {
    try (Repository work = new FileRepositoryBuilder().setGitDir(new File(workspace.toFile(), ".git")).setMustExist(true)
        .build(); RevWalk walk = new RevWalk(work)) {
      if (!work.getObjectDatabase().has(tip)) {
        return false;
      }
      return walk.isMergedInto(walk.parseCommit(tip), walk.parseCommit(ObjectId.fromString(commit)));
    }
  }
}
