package dev.mergeloom.worker.jobs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.process.ProcessManager;
import dev.mergeloom.worker.testing.GitRepos;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's commit made again from its patch on top of its parent fetched alone: the very commit
 * (same id), a subject in brackets kept, and a patch that gives another commit refused.
 */
class RebuildTest {
  @TempDir Path dir;
  private Vertx vertx;
  private Git git;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    git = new Git(vertx.createSharedWorkerExecutor("rebuild-test", 2), new ProcessManager(vertx), new AsyncLimiter(4),
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), dir.resolve("home"));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A commit as a job makes it: the worker's identity, one "now" for author and committer. */
  private String jobCommit(Path work, String message) throws Exception {
    Files.writeString(work.resolve("calc.py"), "def add(a, b):\n    return a + b\n");
    await(git.run(work, "add", "-A"));
    await(git.run(work, "commit", "-q", "-m", message));
    return Git.head(work);
  }

  @Test
  void theRebuiltCommitIsTheJobsOwnCommit() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Path work = dir.resolve("work");
    GitRepos.git(dir, "clone", "-q", source.toString(), work.toString());
    String base = Git.head(work);
    Files.createDirectories(dir.resolve("home"));
    String commit = jobCommit(work, "[UI] APP-9: Fix add()\n\nMade add() add.\n\nMergeLoom job 1 (x, y)");
    String patch = await(git.run(work, "format-patch", "--stdout", "--no-signature", base + ".." + commit)) + "\n";

    Path scratch = dir.resolve("scratch");
    Path rebuilt = await(Rebuild.commit(vertx, git, source.toString(), Optional.empty(), base, patch, commit,
        "mergeloom/APP-9", scratch));
    assertThat(GitRepos.git(rebuilt, "rev-parse", "refs/heads/mergeloom/APP-9")).isEqualTo(commit);
    assertThat(GitRepos.git(rebuilt, "log", "-1", "--format=%s")).isEqualTo("[UI] APP-9: Fix add()");
    assertThat(GitRepos.git(rebuilt, "rev-parse", "HEAD^")).isEqualTo(base);
  }

  @Test
  void aPatchThatMakesAnotherCommitPublishesNothing() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Path work = dir.resolve("work");
    GitRepos.git(dir, "clone", "-q", source.toString(), work.toString());
    String base = Git.head(work);
    Files.createDirectories(dir.resolve("home"));
    String commit = jobCommit(work, "APP-10: Fix add()");
    String patch = await(git.run(work, "format-patch", "--stdout", "--no-signature", base + ".." + commit)) + "\n";
    String tampered = patch.replace("return a + b", "return a - b");
    try {
      await(Rebuild.commit(vertx, git, source.toString(), Optional.empty(), base, tampered, commit, "mergeloom/APP-10",
          dir.resolve("scratch")));
      throw new AssertionError("a different commit was accepted");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(Rebuild.NotTheSame.class).hasMessageContaining("not the job's " + commit);
    }
  }
}
