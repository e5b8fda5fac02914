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
  /** The job's commit, once made; null when it made none. */
  private String commit;

  WorkspaceResult(JobDeps deps, Git git, Path workspace, String baseCommit, JobRecord record, JobEvents events) {
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
      return staged.compose(v -> git.run(workspace, "commit", "-q", "-m", message))
          .compose(v -> deps.vertx().executeBlocking(() -> Git.head(workspace), false))
          .compose(commit -> {
            this.commit = commit;
            record.resultField("commit", commit);
            return git.run(workspace, "diff", baseCommit, commit).map(diff -> diff(diff, changed, end))
                .compose(s -> patch(commit).map(s));
          });
    });
  }

  /**
   * Delivers the commit of a completed job (contract of {@code publish}: the branch to the URL's
   * remote, or into the local repository); a refusal or failure ends the job as publish_failed
   * with the commit kept in the workspace. Nothing to deliver leaves {@code end} as it was.
   */
  Future<JobEnd> publish(JobEnd end, JobEnvelope.Repository work, String branch) {
    if (end.state() != State.COMPLETED || commit == null || JobEnvelope.Repository.PUBLISH_NONE.equals(work.publish())) {
      return Future.succeededFuture(end);
    }
    events.add("publish.started", new JsonObject().put("target", work.source()).put("branch", branch));
    return Publisher.attempt(new Publisher(git, deps.gitThreads()), work, workspace, branch, commit).map(outcome -> {
      record.resultField("publish", outcome);
      boolean published = "published".equals(outcome.getString("state"));
      events.add(published ? "publish.finished" : "publish.failed", outcome);
      return published ? end : JobEnd.publishFailed(outcome.getString("error"));
    });
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
