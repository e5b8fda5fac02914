package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.ProviderSettingsService;
import dev.mergeloom.worker.config.RuntimeConfigService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The gateway's current {@link ConfigSnapshot} and the executors waiting for the next one
 * (long-poll). Every write of provider or runtime settings makes a new snapshot and wakes the
 * waiters, each on its own event loop.
 */
final class ConfigFeed {
  private final ProviderSettingsService providers;
  private final RuntimeConfigService runtime;
  private final byte[] versionKey = new byte[32];
  private final List<Waiter> waiters = new ArrayList<>();
  private ConfigSnapshot current;

  private record Waiter(Context context, String knownVersion, Consumer<ConfigSnapshot> callback) {}

  ConfigFeed(ProviderSettingsService providers, RuntimeConfigService runtime) {
    this.providers = providers;
    this.runtime = runtime;
    new SecureRandom().nextBytes(versionKey);
    this.current = ConfigSnapshot.of(providers, runtime, versionKey);
    providers.onChange(this::changed);
    runtime.onChange(this::changed);
  }

  synchronized ConfigSnapshot current() {
    return current;
  }

  /**
   * Calls back with the snapshot once its version differs from {@code knownVersion} (at once if it
   * already does); the returned handle withdraws the wait.
   */
  synchronized Runnable await(String knownVersion, Consumer<ConfigSnapshot> callback) {
    if (!current.version().equals(knownVersion)) {
      callback.accept(current);
      return () -> { };
    }
    Waiter waiter = new Waiter(Vertx.currentContext(), knownVersion, callback);
    waiters.add(waiter);
    return () -> withdraw(waiter);
  }

  private synchronized void withdraw(Waiter waiter) {
    waiters.remove(waiter);
  }

  private void changed() {
    List<Waiter> woken = new ArrayList<>();
    ConfigSnapshot next;
    synchronized (this) {
      next = ConfigSnapshot.of(providers, runtime, versionKey);
      current = next;
      waiters.removeIf(w -> {
        if (!w.knownVersion().equals(next.version())) {
          woken.add(w);
          return true;
        }
        return false;
      });
    }
    woken.forEach(w -> w.context().runOnContext(v -> w.callback().accept(next)));
  }
}
