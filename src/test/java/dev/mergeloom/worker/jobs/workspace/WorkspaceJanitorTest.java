package dev.mergeloom.worker.jobs.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finished workspaces go after the retention period; running ones and young ones stay; sizes add up. */
class WorkspaceJanitorTest {
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path root;
  @TempDir Path outside;

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Path workspace(String id, Instant finished, int bytes) throws Exception {
    Path work = Files.createDirectories(root.resolve(id).resolve("work"));
    Files.write(work.resolve("file.txt"), new byte[bytes]);
    if (finished != null) {
      Path mark = Files.createFile(root.resolve(id).resolve(WorkspaceJanitor.FINISHED));
      Files.setLastModifiedTime(mark, FileTime.from(finished));
    }
    return root.resolve(id);
  }

  @Test
  void removesOnlyFinishedWorkspacesOlderThanTheRetention() throws Exception {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    Path old = workspace("old", now.minus(Duration.ofHours(200)), 10);
    Path young = workspace("young", now.minus(Duration.ofHours(2)), 100);
    Path running = workspace("running", null, 1000);
    Files.setLastModifiedTime(running, FileTime.from(now.minus(Duration.ofHours(500))));
    Path crashed = workspace("crashed", null, 5);
    Files.setLastModifiedTime(crashed, FileTime.from(now.minus(Duration.ofHours(500))));
    // A link out of a workspace: the delete must not follow it.
    Files.writeString(outside.resolve("keep.txt"), "precious");
    Files.createSymbolicLink(old.resolve("work").resolve("out"), outside);
    Files.createDirectories(old.resolve("work").resolve("ro"));
    old.resolve("work").resolve("ro").toFile().setWritable(false);

    WorkspaceJanitor janitor = new WorkspaceJanitor(vertx, root, Duration.ofHours(168), () -> Future.succeededFuture(Set.of("running")),
        Clock.fixed(now, ZoneOffset.UTC));
    WorkspaceJanitor.Usage usage = janitor.sweep().await();

    assertThat(old).doesNotExist();
    assertThat(crashed).as("left by a stopped worker, unchanged for longer than the retention").doesNotExist();
    assertThat(young).exists();
    assertThat(running).as("its job runs here").exists();
    assertThat(outside.resolve("keep.txt")).hasContent("precious");
    assertThat(usage.removed()).isEqualTo(2);
    assertThat(usage.workspaces()).isEqualTo(2);
    assertThat(usage.bytes()).isEqualTo(1100);
    assertThat(janitor.usage()).isEqualTo(usage);
  }

  @Test
  void zeroRetentionKeepsEverythingAndStillMeasures() throws Exception {
    Instant now = Instant.parse("2026-12-02T12:00:00Z");
    workspace("old", now.minus(Duration.ofDays(400)), 42);
    WorkspaceJanitor janitor = new WorkspaceJanitor(vertx, root, Duration.ZERO, () -> Future.succeededFuture(Set.of()), Clock.fixed(now,
        ZoneOffset.UTC));
    WorkspaceJanitor.Usage usage = janitor.sweep().await();
    assertThat(root.resolve("old")).exists();
    assertThat(usage.bytes()).isEqualTo(42);
  }
}
