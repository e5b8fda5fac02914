package dev.mergeloom.worker.jobs.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path a model names stays in the work tree and out of .git, links resolved. */
class WorkspacePathsTest {
  @TempDir Path dir;
  private Path work;
  private WorkspacePaths paths;

  @BeforeEach
  void setUp() throws Exception {
    work = Files.createDirectories(dir.resolve("work"));
    Files.createDirectories(work.resolve(".git"));
    Files.createDirectories(work.resolve("src"));
    Files.writeString(work.resolve("src/app.py"), "x");
    Files.writeString(dir.resolve("outside.txt"), "secret");
    paths = new WorkspacePaths(work);
  }

  @Test
  void relativePathsInsideResolveAndDisplayWithForwardSlashes() {
    Path p = paths.resolve(" src/app.py ");
    assertThat(p).isEqualTo(work.resolve("src/app.py"));
    assertThat(paths.display(p)).isEqualTo("src/app.py");
    assertThat(paths.resolve("src/new/file.py")).as("a file still to be written").isEqualTo(work.resolve("src/new/file.py"));
    assertThat(paths.resolve("./src/./app.py")).isEqualTo(work.resolve("src/app.py"));
  }

  @Test
  void absoluteHomeDriveAndParentPathsAreRefusedSayingWhy() {
    assertThatThrownBy(() -> paths.resolve("/etc/passwd")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> paths.resolve("~/.ssh/id_rsa")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> paths.resolve("C:\\x")).hasMessageContaining("is absolute");
    assertThatThrownBy(() -> paths.resolve("src/../../outside.txt")).hasMessageContaining("contains '..'");
    assertThatThrownBy(() -> paths.resolve("src\\..\\x")).hasMessageContaining("contains '..'");
    assertThatThrownBy(() -> paths.resolve(" ")).hasMessageContaining("path is required");
    assertThatThrownBy(() -> paths.resolve(null)).isInstanceOf(WorkspacePaths.OutsideWorkspace.class);
  }

  @Test
  void gitIsRefusedAsWrittenAndAsResolvedThroughALink() throws Exception {
    assertThatThrownBy(() -> paths.resolve(".git/config")).hasMessageContaining("inside .git");
    assertThatThrownBy(() -> paths.resolve(".git")).hasMessageContaining("inside .git");
    Files.createSymbolicLink(work.resolve("g"), Path.of(".git"));
    assertThatThrownBy(() -> paths.resolve("g/config")).hasMessageContaining("leads into .git");
    assertThat(paths.resolve(".github/workflows/ci.yml")).as("a name that only starts with .git")
        .isEqualTo(work.resolve(".github/workflows/ci.yml"));
  }

  @Test
  void linksThatLeadOutAreRefusedAndLinksThatStayInAreFollowed() throws Exception {
    Files.createSymbolicLink(work.resolve("out"), dir.resolve("outside.txt"));
    Files.createSymbolicLink(work.resolve("up"), dir);
    Files.createSymbolicLink(work.resolve("dangling"), dir.resolve("not-yet"));
    Files.createSymbolicLink(work.resolve("alias.py"), Path.of("src/app.py"));
    assertThatThrownBy(() -> paths.resolve("out")).hasMessageContaining("leads outside the repository");
    assertThatThrownBy(() -> paths.resolve("up/outside.txt")).hasMessageContaining("leads outside the repository");
    assertThatThrownBy(() -> paths.resolve("up/new.txt")).as("a new file under a link out")
        .hasMessageContaining("leads outside the repository");
    assertThatThrownBy(() -> paths.resolve("dangling")).isInstanceOf(WorkspacePaths.OutsideWorkspace.class);
    assertThat(paths.resolve("alias.py")).isEqualTo(work.resolve("alias.py"));
  }
}
