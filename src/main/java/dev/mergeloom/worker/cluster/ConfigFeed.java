package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The executors waiting on one HTTP verticle for the gateway's next {@link ConfigSnapshot}
 * (long-poll). Made on that verticle's context, it follows the settings' changes there too, so
 * the waiters are touched by one thread and need no lock.
 */
final class ConfigFeed {
  private final ConfigSnapshots snapshots;
  private final List<Waiter> waiters = new ArrayList<>();

  private record Waiter(String knownVersion, Consumer<ConfigSnapshot> callback) {}

  ConfigFeed(ConfigSnapshots snapshots) {
    this.snapshots = snapshots;
    snapshots.settings().follow(this::changed);
  }

  ConfigSnapshot current() {
    return snapshots.current();
  }

  /**
   * Calls back with the snapshot once its version differs from {@code knownVersion} (at once if it
   * already does); the returned handle withdraws the wait.
   */
  Runnable await(String knownVersion, Consumer<ConfigSnapshot> callback) {
    ConfigSnapshot now = current();
    if (!now.version().equals(knownVersion)) {
      callback.accept(now);
      return () -> {};
    }
    Waiter waiter = new Waiter(knownVersion, callback);
    waiters.add(waiter);
    return () -> waiters.remove(waiter);
  }

  private void changed(Settings revision) {
    ConfigSnapshot next = snapshots.of(revision);
    List<Waiter> woken = new ArrayList<>();
    waiters.removeIf(w -> !w.knownVersion().equals(next.version()) && woken.add(w));
    woken.forEach(w -> w.callback().accept(next));
  }
}
