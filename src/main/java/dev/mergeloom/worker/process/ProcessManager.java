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
      ProcessBuilder builder = new ProcessBuilder(spec.argv());
      builder.environment().clear();
      builder.environment().putAll(spec.environment());
      if (spec.workingDirectory() != null) {
        builder.directory(spec.workingDirectory().toFile());
      }
      try {
        Process process = builder.start();
        ManagedProcess managed = new ManagedProcess(UUID.randomUUID().toString(), spec, process, vertx, context);
        live.put(managed.id(), managed);
        managed.exit().onComplete(ar -> live.remove(managed.id()));
        if (listener != null) {
          managed.onLine(listener);
        }
        managed.begin();
        return managed;
      } catch (IOException e) {
        throw new ProcessStartException(spec, e);
      }
    }, false);
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
