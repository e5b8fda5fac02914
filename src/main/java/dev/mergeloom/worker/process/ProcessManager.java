package dev.mergeloom.worker.process;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts child processes for every feature that needs one (CLI logins, status checks, CLI runs,
 * job commands) and keeps a registry of the live ones, so stopping the worker stops them all
 * and nothing is left behind.
 */
public final class ProcessManager {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessManager.class);
  /** How long a stopped process gets between SIGTERM and SIGKILL. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Map<String, ManagedProcess> live = new ConcurrentHashMap<>();

  public ProcessManager(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts the process. Forking can block briefly, so it runs on a worker thread; lines and the
   * exit are then reported on the caller's context.
   */
  public Future<ManagedProcess> start(ProcessSpec spec) {
    return start(spec, null);
  }

  /**
   * Starts the process with a listener attached before the first line is read, so it sees every
   * line (one added later with {@link ManagedProcess#onLine} may miss the first ones).
   */
  public Future<ManagedProcess> start(ProcessSpec spec, java.util.function.Consumer<OutputLine> listener) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      // The command's cgroup is made here, on the worker thread that forks it, so that it exists
      // before the first process starts and the event loop never touches the cgroup file system.
      CommandCgroups.Group group = spec.cgroups() == null ? null : cgroupOf(spec);
      ProcessBuilder builder = new ProcessBuilder(group == null ? spec.argv() : group.wrap(spec.argv()));
      builder.environment().clear();
      builder.environment().putAll(spec.environment());
      if (spec.workingDirectory() != null) {
        builder.directory(spec.workingDirectory().toFile());
      }
      try {
        Process process = builder.start();
        ManagedProcess managed = new ManagedProcess(UUID.randomUUID().toString(), spec, process, vertx, context);
        managed.outputPipe(PipeHolders.stdoutOf(process.pid()));
        if (group != null) {
          managed.signalLeftovers(forcibly -> vertx.executeBlocking(() -> {
            group.signalAll(forcibly);
            return null;
          }, false));
          managed.finishing(result -> vertx.executeBlocking(() -> {
            String limit = group.limitReached();
            if (!group.tryRemove()) {
              removeLater(group, 1);
            }
            return result.withLimitReached(limit);
          }, false));
        }
        live.put(managed.id(), managed);
        managed.exit().onComplete(ar -> live.remove(managed.id()));
        if (listener != null) {
          managed.onLine(listener);
        }
        managed.begin();
        return managed;
      } catch (IOException e) {
        if (group != null) {
          group.remove();
        }
        throw new ProcessStartException(spec, e);
      }
    }, false);
  }

  /** How often, and how long apart, a command cgroup the kernel still holds is tried again. */
  private static final int REMOVE_ATTEMPTS = 300;
  private static final long REMOVE_RETRY_MS = 10;

  /** Retries removing a command cgroup on a timer (its processes are killed at each try). */
  private void removeLater(CommandCgroups.Group group, int attempt) {
    vertx.setTimer(REMOVE_RETRY_MS, t -> vertx.executeBlocking(group::tryRemove, false).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        return;
      }
      if (attempt < REMOVE_ATTEMPTS) {
        removeLater(group, attempt + 1);
      } else {
        LOG.warn("command cgroups {} could not be removed after {} s; the kernel still holds them", group.dirs(),
            REMOVE_ATTEMPTS * REMOVE_RETRY_MS / 1000);
      }
    }));
  }

  private static CommandCgroups.Group cgroupOf(ProcessSpec spec) throws IOException {
    try {
      return spec.cgroups().create();
    } catch (IOException e) {
      // Fail closed: a command that was to be limited does not run unlimited.
      throw new IOException("cannot start " + spec.name() + ": its cgroup could not be made (" + e.getMessage() + ")", e);
    }
  }

  public Collection<ManagedProcess> live() {
    return List.copyOf(live.values());
  }

  /** Stops every live process (worker shutdown) and waits until all have exited. */
  public Future<Void> stopAll(Duration grace) {
    return Future.join(live.values().stream().map(p -> p.stop(grace)).toList()).mapEmpty();
  }

  /** The executable could not be started (missing, not executable). */
  public static final class ProcessStartException extends RuntimeException {
    ProcessStartException(ProcessSpec spec, IOException cause) {
      super("cannot start " + spec.argv().get(0) + " (" + cause.getMessage() + ")", cause);
    }
  }
}
