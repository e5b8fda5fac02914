package dev.mergeloom.worker.jobs.workspace;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes finished jobs' workspaces ({@code <root>/<job id>}) once they are older than the
 * retention period, and measures the disk the rest use, for {@code /health}. A workspace is
 * finished when its job wrote the {@link #FINISHED} mark; one without the mark whose job is not
 * running here (left by a worker that stopped mid-job) counts from its last change. The job's
 * record, diff and patch live in the store and stay.
 */
public final class WorkspaceJanitor {
  /** The mark a job leaves in its workspace directory when it ends. */
  public static final String FINISHED = ".finished";
  private static final Logger LOG = LoggerFactory.getLogger(WorkspaceJanitor.class);

  /** What the last sweep found. */
  public record Usage(long bytes, int workspaces, int removed, Instant measuredAt) {}

  private final Vertx vertx;
  private final Path root;
  private final Duration retention;
  private final Supplier<Future<Set<String>>> running;
  private final Clock clock;
  private volatile Usage usage = new Usage(0, 0, 0, null);

  /**
   * @param retention how long a finished workspace stays; zero keeps them all (usage is still measured)
   * @param running asks for the ids of the jobs running in this process (their workspaces are never
   *     touched), once before each sweep; a job that starts during the sweep has a fresh workspace,
   *     which is not old enough to go
   */
  public WorkspaceJanitor(Vertx vertx, Path root, Duration retention, Supplier<Future<Set<String>>> running,
      Clock clock) {
    this.vertx = vertx;
    this.root = root;
    this.retention = retention;
    this.running = running;
    this.clock = clock;
  }

  /** Sweeps now and then every {@code every}. */
  public WorkspaceJanitor start(Duration every) {
    sweep();
    vertx.setPeriodic(every.toMillis(), t -> sweep());
    return this;
  }

  public Usage usage() {
    return usage;
  }

  /** One sweep on a worker thread: file walks and deletes never run on an event loop. */
  public Future<Usage> sweep() {
    return running.get().compose(ids -> vertx.executeBlocking(() -> sweepNow(ids), false)).onSuccess(u -> usage = u)
        .onFailure(e -> LOG.warn("workspace sweep of {} failed: {}", root, e.getMessage()));
  }

  private Usage sweepNow(Set<String> running) throws IOException {
    if (!Files.isDirectory(root)) {
      return new Usage(0, 0, 0, clock.instant());
    }
    long bytes = 0;
    int kept = 0;
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path dir : dirs) {
        String id = dir.getFileName().toString();
        if (!running.contains(id) && expired(dir)) {
          delete(dir);
          removed++;
          LOG.info("removed the workspace of job {} (finished more than {} h ago)", id, retention.toHours());
        } else {
          bytes += size(dir);
          kept++;
        }
      }
    }
    return new Usage(bytes, kept, removed, clock.instant());
  }

  private boolean expired(Path dir) throws IOException {
    if (retention.isZero()) {
      return false;
    }
    Path mark = dir.resolve(FINISHED);
    Instant since = Files.exists(mark) ? Files.getLastModifiedTime(mark).toInstant()
        : Files.getLastModifiedTime(dir).toInstant();
    return since.plus(retention).isBefore(clock.instant());
  }

  /** Bytes of regular files under the directory; symbolic links are not followed. */
  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(f -> {
        try {
          BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
          return 0; // removed while walking
        }
      }).sum();
    }
  }

  /** Deletes the tree without following links, so a link in a workspace cannot point the delete elsewhere. */
  private static void delete(Path dir) throws IOException {
    // A job may have left directories read-only; their entries cannot go until they are writable.
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(f -> Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).forEach(f -> f.toFile().setWritable(true, true));
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> {
        try {
          Files.deleteIfExists(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
