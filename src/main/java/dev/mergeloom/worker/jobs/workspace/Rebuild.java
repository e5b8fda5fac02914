package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A job's commit made again from its recorded patch, where its workspace is not: removed after
 * the retention period, or on the executor that ran the job. The commit's parent is fetched
 * alone from where the job's code came from, the patch applied with {@code git am} (author and
 * dates as recorded, the worker as committer, as when the job committed), and the result must be
 * the very commit the record names, or nothing is published.
 */
public final class Rebuild {
  /** The rebuilt commit is not the recorded one; publishing it would publish something else. */
  public static final class NotTheSame extends RuntimeException {
    NotTheSame(String message) {
      super(message, null, false, false);
    }
  }

  private Rebuild() {}

  /**
   * @param source the clone URL or the local repository the job came from
   * @param scratch an empty directory of the worker's, removed by the caller afterwards
   * @return {@code scratch}, a work tree whose {@code branch} holds {@code commit}
   */
  public static Future<Path> commit(Vertx vertx, Git git, String source, Optional<SecretValue> token, String baseCommit,
      String patch, String commit, String branch, Path scratch) {
    String patchFile = scratch.resolve(".git/job.patch").toString();
    return vertx.fileSystem().mkdirs(scratch.toString())
        .compose(v -> git.run(scratch, "init", "--quiet"))
        .compose(v -> git.fetchCommit(scratch, source, baseCommit, token))
        .compose(v -> git.run(scratch, "checkout", "--quiet", "--detach", "FETCH_HEAD"))
        .compose(v -> vertx.fileSystem().writeFile(patchFile, io.vertx.core.buffer.Buffer.buffer(patch)))
        // --keep-non-patch: a subject such as "[UI] fix" keeps its brackets, as the job wrote it.
        .compose(v -> git.run(scratch, "am", "--quiet", "--keep-non-patch", "--committer-date-is-author-date",
            "--whitespace=nowarn", patchFile))
        .compose(v -> vertx.executeBlocking(() -> {
          String rebuilt = Git.head(scratch);
          if (!rebuilt.equals(commit)) {
            throw new NotTheSame("the commit made again from the job's patch is " + rebuilt + ", not the job's "
                + commit + "; nothing was published");
          }
          Git.startBranch(scratch, branch);
          return scratch;
        }, false));
  }
}
