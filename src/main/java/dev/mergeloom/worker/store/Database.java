package dev.mergeloom.worker.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SQLite file behind one JDBC connection, used only from its own single worker thread: JDBC
 * blocks, so it never runs on an event loop, and one thread means statements never interleave.
 * Writes go through {@link #transaction}, which is what makes a config write atomic: a failure
 * anywhere inside rolls back to the previous state.
 */
public final class Database {
  private final Path file;
  private final Connection connection;
  private final WorkerExecutor executor;
  /** A closed executor silently drops work, so callers are answered here instead. */
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  /** Test seam: a step name to fail at, to prove a write that dies midway loses nothing. */
  private final Map<String, RuntimeException> faults = new ConcurrentHashMap<>();

  private Database(Path file, Connection connection, WorkerExecutor executor) {
    this.file = file;
    this.connection = connection;
    this.executor = executor;
  }

  /** A unit of JDBC work. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** How hard each commit waits for the disk. */
  public enum Durability {
    /** Rollback journal, every commit synced: settings, where a lost write is a lost decision. */
    FULL,
    /**
     * Write-ahead log, synced at checkpoints: commits stay atomic and survive a crash of the
     * worker, a power cut may lose the last ones. For job records, written several times per job
     * by hundreds of jobs at once, where a synced commit each (milliseconds) would queue them all.
     */
    WAL
  }

  public static Future<Database> open(Vertx vertx, Path file) {
    return open(vertx, file, Durability.FULL);
  }

  public static Future<Database> open(Vertx vertx, Path file, Durability durability) {
    WorkerExecutor executor = vertx.createSharedWorkerExecutor("store:" + file, 1);
    return executor.<Database>executeBlocking(() -> {
      dev.mergeloom.worker.config.OwnerOnly.directory(file.toAbsolutePath().getParent());
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
      dev.mergeloom.worker.config.OwnerOnly.file(file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 5000");
        if (durability == Durability.WAL) {
          s.execute("PRAGMA journal_mode = WAL");
          s.execute("PRAGMA synchronous = NORMAL");
        } else {
          s.execute("PRAGMA synchronous = FULL");
        }
      }
      return new Database(file, c, executor);
    }).onFailure(e -> executor.close());
  }

  public Path file() {
    return file;
  }

  /** Runs read work (or a single self-contained statement) on the store thread. */
  public <T> Future<T> call(Work<T> work) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("the store " + file + " is closed"));
    }
    return executor.executeBlocking(() -> work.run(connection), true);
  }

  /** Runs work in one transaction: all of it is committed, or none of it. */
  public <T> Future<T> transaction(Work<T> work) {
    if (closed.get()) {
      return Future.failedFuture(new IllegalStateException("the store " + file + " is closed"));
    }
    return executor.executeBlocking(() -> {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }, true);
  }

  /**
   * Proves the file can still be written (readiness): one real row write, committed. The table is
   * created on first use rather than at open, so opening never writes (a store opened with the
   * wrong key must stay untouched).
   */
  public Future<Void> probeWritable() {
    return transaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS health_probe (id INTEGER PRIMARY KEY, checked_at TEXT NOT NULL)");
        s.executeUpdate("INSERT OR REPLACE INTO health_probe (id, checked_at) VALUES (1, datetime('now'))");
      }
      return null;
    });
  }

  /** Called by stores between the statements of a write; fails there when a test asked it to. */
  void checkpoint(String step) {
    RuntimeException fault = faults.remove(step);
    if (fault != null) {
      throw fault;
    }
  }

  void failAt(String step, RuntimeException fault) {
    faults.put(step, fault);
  }

  /** Closes the connection on the store thread, after any work already queued. */
  public Future<Void> close() {
    if (!closed.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return executor.executeBlocking(() -> {
      connection.close();
      return (Void) null;
    }).eventually(() -> executor.close());
  }
}
