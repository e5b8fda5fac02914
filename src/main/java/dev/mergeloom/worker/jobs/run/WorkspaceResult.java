package dev.mergeloom.worker.jobs.run;

import dev.mergeloom.worker.jobs.model.JobEnd;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import dev.mergeloom.worker.jobs.model.JobEvents;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.workspace.Git;
import dev.mergeloom.worker.jobs.workspace.JobContext;
import dev.mergeloom.worker.jobs.workspace.Publisher;
import dev.mergeloom.worker.jobs.workspace.WorkspaceJanitor;
import dev.mergeloom.worker.jobs.model.JobRecord.State;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * What a job leaves in its record from its work tree at the end: the changed files and the diff
 * in every outcome; for a completed job with changes, the commit and its patch. Few git
 * processes: one status (none when nothing could have written), and only when something
 * changed, stage, commit, diff and format-patch.
 */
final class WorkspaceResult {
  /** The most of a patch the record keeps: a cut patch would not apply, so a bigger one is not kept. */
  static final int MAX_PATCH = 1_000_000;
  static final int MAX_DIFF = 200_000;

  private final JobDeps deps;
  private final Git git;
  private final Path workspace;
  private final String baseCommit;
  private final JobRecord record;
  private final JobEvents events;
  /** The limits a completed job's change must keep before it is committed. */
  private final dev.mergeloom.worker.config.RuntimeValues.DiffGuardSettings guard;
  /** The job's commit, once made; null when it made none. */
  private String commit;

  WorkspaceResult(JobDeps deps, Git git, Path workspace, String baseCommit, JobRecord record, JobEvents events,
      dev.mergeloom.worker.config.RuntimeValues.DiffGuardSettings guard) {
    this.guard = guard;
    this.deps = deps;
    this.git = git;
    this.workspace = workspace;
    this.baseCommit = baseCommit;
    this.record = record;
    this.events = events;
  }

  /**
   * @param mayHaveChanged false when nothing but the worker's own git could have written (no status then)
   * @param message the commit message of a completed job
   */
  Future<JobEnd> record(JobEnd end, boolean mayHaveChanged, String message) {
    State state = end.state();
    // Nothing is committed during the session, so the status against HEAD is the change list.
    // -z: paths unquoted, NUL-separated, whatever characters they hold.
    Future<String> status = mayHaveChanged
        ? git.run(workspace, "status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
        : Future.succeededFuture("");
    return status.compose(porcelain -> {
      List<String> changed = java.util.Arrays.stream(porcelain.split("\u0000")).filter(l -> l.length() > 3)
          .map(l -> l.substring(3)).sorted().toList();
      record.resultField("changedFiles", new JsonArray(changed));
      if (changed.isEmpty()) {
        if (state == State.COMPLETED) {
          record.resultField("commit", baseCommit);
        }
        return Future.succeededFuture(end);
      }
      Future<String> staged = git.run(workspace, "add", "-A");
      if (state != State.COMPLETED) {
        return staged.compose(v -> git.run(workspace, "diff", "--cached", baseCommit))
            .map(diff -> diff(diff, changed, end));
      }
      return staged.compose(v -> guarded(end)).compose(verdict -> {
        if (verdict.state() != State.COMPLETED) {
          return git.run(workspace, "diff", "--cached", baseCommit).map(diff -> diff(diff, changed, verdict));
        }
        return commit(verdict, changed, message);
      });
    });
  }

  /**
   * The diff guard on the staged change (unless it is off): the verdict goes into the record,
   * and a breach in mode required ends the job blocked before anything is committed.
   */
  private Future<JobEnd> guarded(JobEnd end) {
    if ("off".equals(guard.mode())) {
      return Future.succeededFuture(end);
    }
    return git.run(workspace, "diff", "--cached", "--numstat", "-z", "--no-renames", baseCommit).map(numstat -> {
      JsonObject verdict = DiffGuard.check(guard, numstat);
      record.resultField("diffGuard", verdict);
      events.add("diff_guard.finished", verdict);
      return verdict.getBoolean("passed") || !"required".equals(guard.mode()) ? end
          : JobEnd.guarded(DiffGuard.reason(verdict));
    });
  }

  private Future<JobEnd> commit(JobEnd end, List<String> changed, String message) {
    return git.run(workspace, "commit", "-q", "-m", message)
        .compose(v -> deps.vertx().executeBlocking(() -> Git.head(workspace), false))
        .compose(commit -> {
          this.commit = commit;
          record.resultField("commit", commit);
          return git.run(workspace, "diff", baseCommit, commit).map(diff -> diff(diff, changed, end))
              .compose(s -> patch(commit).map(s));
        });
  }

  /**
   * Delivers the commit of a completed job (contract of {@code publish}: the branch to the URL's
   * remote, or into the local repository), then opens or updates its review request where the
   * repository's forge is known; a refusal or failure ends the job as publish_failed with the
   * commit kept in the workspace. Nothing to deliver leaves {@code end} as it was.
   */
  Future<JobEnd> publish(JobEnd end, JobEnvelope envelope, String branch) {
    JobEnvelope.Repository work = envelope.workRepository();
    if (end.state() != State.COMPLETED || commit == null || JobEnvelope.Repository.PUBLISH_NONE.equals(work.publish())) {
      return Future.succeededFuture(end);
    }
    events.add("publish.started", new JsonObject().put("target", work.source()).put("branch", branch));
    // The remote's default branch is a file read (a worker thread); the text is made here, where the record is.
    Future<java.util.Optional<Publisher.Review>> review = work.url() == null
        ? Future.succeededFuture(java.util.Optional.empty())
        : deps.vertx().executeBlocking(() -> work.defaultBranch() != null ? work.defaultBranch() : remoteDefault(workspace),
            false).map(into -> review(envelope, work, branch, into));
    return review.compose(r -> Publisher.attempt(new Publisher(git, deps.gitThreads()), work, workspace, branch, commit, r))
        .recover(e -> Future.succeededFuture(new JsonObject().put("state", "failed").put("target", work.source())
            .put("remote", work.url() != null).put("branch", branch).put("commit", commit).put("pushed", false)
            .put("at", java.time.Instant.now().toString()).put("error", e.getMessage())))
        .map(outcome -> {
          record.resultField("publish", outcome);
          boolean published = "published".equals(outcome.getString("state"));
          JsonObject event = outcome.copy();
          event.remove("review"); // the request's text is in the record; the event says how it went
          events.add(published ? "publish.finished" : "publish.failed", event);
          return published ? end : JobEnd.publishFailed(outcome.getString("error"));
        });
  }

  /**
   * The forge and text of the work repository's review request, or none when its forge is not
   * known (a host that is no public forge, and no {@code forge} in the envelope).
   *
   * @param into the branch the request merges into
   */
  private java.util.Optional<Publisher.Review> review(JobEnvelope envelope, JobEnvelope.Repository work, String branch,
      String into) {
    java.util.Optional<dev.mergeloom.worker.forge.ForgeTarget> target;
    try {
      target = dev.mergeloom.worker.forge.ForgeTarget.of(work.url(), work.forge(), work.apiUrl());
    } catch (IllegalArgumentException e) {
      throw new Publisher.PublishFailed("no review request can be opened: " + e.getMessage());
    }
    if (target.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Publisher.Review(deps.forges(), target.get(),
        ReviewText.of(envelope, record.toJson(), branch, into, deps.publicUrl())));
  }

  /** The remote's default branch as the clone recorded it (origin/HEAD), else main. */
  static String remoteDefault(Path workspace) throws java.io.IOException {
    Path head = workspace.resolve(".git/refs/remotes/origin/HEAD");
    if (java.nio.file.Files.isRegularFile(head)) {
      String ref = java.nio.file.Files.readString(head).strip();
      if (ref.startsWith("ref: refs/remotes/origin/")) {
        return ref.substring("ref: refs/remotes/origin/".length());
      }
    }
    return "main";
  }

  private JobEnd diff(String diff, List<String> changed, JobEnd end) {
    record.resultField("diff", JobContext.cap(diff, MAX_DIFF));
    events.add("result.diff", new JsonObject().put("changedFiles", changed.size()));
    return end;
  }

  /**
   * The commit as {@code git format-patch} writes it (an mbox that {@code git am} applies), kept
   * in the record so that it outlives the workspace. A patch that cannot be made leaves none.
   */
  private Future<Void> patch(String commit) {
    return git.run(workspace, "format-patch", "--stdout", "--no-signature", baseCommit + ".." + commit)
        .map(lines -> {
          // The worker's git output comes back as lines joined without the last newline, and keeps
          // only the last lines of a huge output: a patch that does not start as one is not kept.
          String mbox = lines + "\n";
          boolean whole = mbox.startsWith("From ") && mbox.length() <= MAX_PATCH;
          record.resultField("patch", whole ? mbox : null);
          return (Void) null;
        })
        .otherwise(e -> null);
  }

  /**
   * Marks the workspace finished: the retention sweep removes it that long after this mark. A job
   * that failed before its checkout has no workspace to mark.
   */
  static Future<Void> markFinished(JobDeps deps, String id) {
    Path dir = deps.workspaceRoot().resolve(id);
    var fs = deps.vertx().fileSystem();
    return fs.exists(dir.toString())
        .compose(exists -> exists ? fs.writeFile(dir.resolve(WorkspaceJanitor.FINISHED).toString(), Buffer.buffer())
            : Future.<Void>succeededFuture())
        .otherwise(e -> null);
  }
}
