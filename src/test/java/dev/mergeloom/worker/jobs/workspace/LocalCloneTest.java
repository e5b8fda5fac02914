package dev.mergeloom.worker.jobs.workspace;

import static dev.mergeloom.worker.testing.GitRepos.git;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process clone of a local repository against the real {@code git clone} of the same
 * repository: the same files, modes, links, refs and configuration, an index git finds clean,
 * unusual repositories left to git, and crafted trees that would write outside refused.
 */
class LocalCloneTest {
  @TempDir Path dir;

  @Test
  void matchesGitCloneOfARichRepository() throws Exception {
    Path source = richRepository(dir.resolve("source"));
    Path ours = dir.resolve("ours");
    Path theirs = dir.resolve("theirs");

    assertThat(LocalClone.tryClone(source, null, ours)).isTrue();
    git(dir, "clone", "-q", "--", source.toString(), theirs.toString());

    assertThat(workTree(ours)).isEqualTo(workTree(theirs)).containsKeys("bin/run.sh", "src/pkg/mod.py", "link",
        "sub");
    assertThat(workTree(ours).get("bin/run.sh")).startsWith("file rwx");
    assertThat(workTree(ours).get("link")).isEqualTo("link -> src/pkg/mod.py");
    assertThat(refs(ours)).isEqualTo(refs(theirs)).contains("refs/remotes/origin/feature", "refs/tags/v1",
        "refs/tags/light", "refs/remotes/origin/HEAD");
    assertThat(git(ours, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
    assertThat(git(ours, "status", "--porcelain")).as("the index describes the work tree").isEmpty();
    git(ours, "fsck", "--no-progress");
    assertThat(git(ours, "config", "--get", "remote.origin.url")).isEqualTo(source.toString());
    assertThat(git(ours, "config", "--get", "branch.main.merge")).isEqualTo("refs/heads/main");

    // A commit in the clone stays in the clone: hardlinked objects are never written in place.
    Files.writeString(ours.resolve("src/pkg/mod.py"), "changed\n");
    git(ours, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qam", "change");
    String commit = git(ours, "rev-parse", "HEAD");
    assertThatThrownBy(() -> git(source, "cat-file", "-e", commit)).isInstanceOf(IOException.class);
    assertThat(git(source, "status", "--porcelain")).isEmpty();
  }

  @Test
  void clonesTheNamedBranchAndNamesOneThatIsMissing() throws Exception {
    Path source = richRepository(dir.resolve("source"));
    Path ours = dir.resolve("ours");

    assertThat(LocalClone.tryClone(source, "feature", ours)).isTrue();

    assertThat(git(ours, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/feature");
    assertThat(ours.resolve("feature.txt")).hasContent("only on feature");
    assertThat(git(ours, "status", "--porcelain")).isEmpty();
    assertThatThrownBy(() -> LocalClone.tryClone(source, "nope", dir.resolve("other")))
        .hasMessageContaining("branch 'nope' not found");
  }

  @Test
  void clonesABranchWhoseNameHasASlashNamedOrCheckedOut() throws Exception {
    Path source = richRepository(dir.resolve("source"));
    git(source, "branch", "team/fix-1");
    Path named = dir.resolve("named");
    assertThat(LocalClone.tryClone(source, "team/fix-1", named)).isTrue();
    assertThat(git(named, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/team/fix-1");
    assertThat(git(named, "status", "--porcelain")).isEmpty();

    git(source, "checkout", "-q", "team/fix-1");
    Path checkedOut = dir.resolve("checked-out");
    assertThat(LocalClone.tryClone(source, null, checkedOut)).isTrue();
    assertThat(git(checkedOut, "rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("team/fix-1");
  }

  @Test
  void appliesAttributesAsGitDoes() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), Map.of(".gitattributes", "*.bat text eol=crlf\n",
        "run.bat", "echo one\necho two\n"));
    Path ours = dir.resolve("ours");
    Path theirs = dir.resolve("theirs");

    assertThat(LocalClone.tryClone(source, null, ours)).isTrue();
    git(dir, "clone", "-q", "--", source.toString(), theirs.toString());

    assertThat(Files.readString(ours.resolve("run.bat"))).isEqualTo("echo one\r\necho two\r\n");
    assertThat(workTree(ours)).isEqualTo(workTree(theirs));
    assertThat(git(ours, "status", "--porcelain")).isEmpty();
  }

  @Test
  void leavesShallowAndBareRepositoriesToGitAndWritesNothing() throws Exception {
    Path source = richRepository(dir.resolve("source"));
    Path shallow = dir.resolve("shallow");
    git(dir, "clone", "-q", "--depth", "1", "file://" + source, shallow.toString());
    Path bare = dir.resolve("bare.git");
    git(dir, "clone", "-q", "--bare", source.toString(), bare.toString());

    assertThat(LocalClone.tryClone(shallow, null, dir.resolve("a"))).isFalse();
    assertThat(LocalClone.tryClone(bare, null, dir.resolve("b"))).isFalse();
    assertThat(dir.resolve("a")).doesNotExist();
    assertThat(dir.resolve("b")).doesNotExist();
  }

  @Test
  void refusesARepositoryWithoutCommits() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    git(empty, "init", "-q", "-b", "main");

    assertThatThrownBy(() -> LocalClone.tryClone(empty, null, dir.resolve("out"))).hasMessageContaining("has no commits");
  }

  @Test
  void refusesCraftedTreesThatWouldWriteOutsideTheWorkTree() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Path dotDot = craftedRepository(dir.resolve("dotdot"), (inserter, blob) -> {
      TreeFormatter tree = new TreeFormatter();
      tree.append("..", FileMode.REGULAR_FILE, blob);
      return tree;
    });
    Path linkThenFile = craftedRepository(dir.resolve("link"), (inserter, blob) -> {
      TreeFormatter sub = new TreeFormatter();
      sub.append("planted", FileMode.REGULAR_FILE, blob);
      ObjectId subTree = inserter.insert(sub);
      ObjectId target = inserter.insert(Constants.OBJ_BLOB, outside.toString().getBytes(StandardCharsets.UTF_8));
      TreeFormatter tree = new TreeFormatter(); // the same name twice: a link, then a directory
      tree.append("a", FileMode.SYMLINK, target);
      tree.append("a", FileMode.TREE, subTree);
      return tree;
    });

    assertThatThrownBy(() -> LocalClone.tryClone(dotDot, null, dir.resolve("w1").resolve("work")))
        .hasMessageContaining("..");
    assertThatThrownBy(() -> LocalClone.tryClone(linkThenFile, null, dir.resolve("w2")))
        .hasMessageContaining("symbolic link");
    assertThat(dir.resolve("w1/planted")).doesNotExist();
    try (Stream<Path> planted = Files.list(outside)) {
      assertThat(planted).as("nothing was written through the link").isEmpty();
    }
  }

  /** A repository whose only commit has the tree {@code tree} builds around one blob. */
  private static Path craftedRepository(Path dir, CraftedTree tree) throws Exception {
    Files.createDirectories(dir);
    git(dir, "init", "-q", "-b", "main");
    try (Repository repository = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
        ObjectInserter inserter = repository.newObjectInserter()) {
      ObjectId blob = inserter.insert(Constants.OBJ_BLOB, "planted\n".getBytes(StandardCharsets.UTF_8));
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(inserter.insert(tree.build(inserter, blob)));
      PersonIdent who = new PersonIdent("T", "t@example.invalid");
      commit.setAuthor(who);
      commit.setCommitter(who);
      commit.setMessage("crafted");
      ObjectId id = inserter.insert(commit);
      inserter.flush();
      Files.writeString(dir.resolve(".git/refs/heads/main"), id.name() + "\n");
    }
    return dir;
  }

  private interface CraftedTree {
    TreeFormatter build(ObjectInserter inserter, ObjectId blob) throws IOException;
  }

  /**
   * Two commits on main (the first packed by gc, the second loose), a branch, an annotated and a
   * lightweight tag, an executable, a symbolic link and a submodule entry.
   */
  private static Path richRepository(Path dir) throws Exception {
    GitRepos.create(dir, Map.of("README.md", "hello\n", "src/pkg/mod.py", "x = 1\n", "bin/run.sh", "#!/bin/sh\necho\n"));
    Files.setPosixFilePermissions(dir.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("src/pkg/mod.py"));
    git(dir, "add", "-A");
    git(dir, "update-index", "--add", "--cacheinfo", "160000," + git(dir, "rev-parse", "HEAD") + ",sub");
    Files.createDirectories(dir.resolve("sub")); // an unpopulated submodule, not a deleted one
    commit(dir, "second");
    git(dir, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "tag", "-a", "v1", "-m", "one");
    git(dir, "gc", "-q");
    git(dir, "checkout", "-q", "-b", "feature");
    Files.writeString(dir.resolve("feature.txt"), "only on feature");
    git(dir, "add", "-A");
    commit(dir, "feature");
    git(dir, "checkout", "-q", "main");
    Files.writeString(dir.resolve("README.md"), "hello again\n");
    commit(dir, "third");
    git(dir, "tag", "light");
    return dir;
  }

  private static void commit(Path dir, String message) throws Exception {
    git(dir, "-c", "user.name=T", "-c", "user.email=t@example.invalid", "commit", "-qam", message);
  }

  /** Every path of the work tree (not .git) with its kind, mode and content or link target. */
  private static Map<String, String> workTree(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/');
        if (name.isEmpty() || name.equals(".git") || name.startsWith(".git/")) {
          continue;
        }
        if (Files.isSymbolicLink(p)) {
          tree.put(name, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name, "dir");
        } else {
          tree.put(name, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)).substring(0, 3)
              + " " + Files.readString(p));
        }
      }
    }
    return tree;
  }

  private static String refs(Path repo) throws Exception {
    return git(repo, "for-each-ref", "--format=%(refname) %(objectname) %(symref)");
  }
}
