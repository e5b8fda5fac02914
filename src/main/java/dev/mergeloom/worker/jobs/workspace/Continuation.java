package dev.mergeloom.worker.jobs.workspace;

import dev.mergeloom.worker.jobs.model.JobEnvelope;
import io.vertx.core.Future;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A ticket's next run: when the work repository already has the ticket's branch (an earlier run
 * published it, or someone pushed to it), the job starts from that branch instead of the
 * default one, so its commit goes on top and the publish is a fast-forward.
 */
public final class Continuation {
  private Continuation() {}

  /**
   * Clones the work repository at the ticket's branch when it has one, else as asked, and answers
   * the branch's commit when it had one. A local repository's ref is read in the clone's own trip
   * to a worker thread: 500 checkouts at once wait for those threads.
   */
  public static Future<Optional<String>> cloneFor(Git git, JobEnvelope.Repository repo, String branch, Path target) {
    if (repo.url() != null) {
      // A remote that cannot be asked cannot be cloned either: the clone then says why, as always.
      return git.remoteBranch(repo.url(), branch, repo.accessToken()).otherwise(Optional.empty())
          .compose(tip -> git.clone(tip.isPresent() ? repo.at(branch) : repo, target).map(tip));
    }
    return git.cloneLocal(repo, target, branch);
  }

  /** The commit {@code branch} points at in a local repository, if it has that branch. Blocking. */
  static Optional<String> localTip(Path source, String branch) {
    try (Repository from = new FileRepositoryBuilder().findGitDir(source.toFile()).setMustExist(true).build()) {
      Ref ref = from.exactRef(Constants.R_HEADS + branch);
      return Optional.ofNullable(ref).map(Ref::getObjectId).map(id -> id.name());
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty(); // not a repository the clone can read either: it says why
    }
  }

  /** The message of the commit the workspace starts from, which says what the earlier run did. Blocking. */
  public static String lastMessage(Path workspace) throws java.io.IOException {
    try (Repository work = new FileRepositoryBuilder().setGitDir(new File(workspace.toFile(), ".git")).setMustExist(true)
        .build(); RevWalk walk = new RevWalk(work)) {
      return walk.parseCommit(work.resolve(Constants.HEAD)).getFullMessage().strip();
    }
  }
}
