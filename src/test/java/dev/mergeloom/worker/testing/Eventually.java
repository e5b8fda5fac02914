package dev.mergeloom.worker.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait for something that happens on another thread or process: poll a probe
 * every 20 ms until it answers, or fail naming what did not happen and in what time. No fixed
 * sleep stands in for an event.
 */
public final class Eventually {
  private static final long POLL_MS = 20;

  private Eventually() {}

  /** Waits until {@code condition} holds. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    value(what, within, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /** Waits until {@code probe} gives a value, and returns it; the failure shows the last probe's answer. */
  public static <T> T value(String what, Duration within, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen within " + within);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
    }
  }
}
