package dev.mergeloom.worker.config;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import io.vertx.core.Future;
import dev.mergeloom.worker.store.StoredProvider;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What readers hold of the settings: the newest {@link Settings} revision published by
 * {@link SettingsVerticle}, and requests to it for writes. The reference is the only shared
 * mutable thing, and it only moves forward (a reply and the publish of the same revision may
 * arrive in either order); the value it points to never changes.
 */
public final class SettingsView {
  private final Vertx vertx;
  private final AtomicReference<Settings> newest;

  SettingsView(Vertx vertx, Settings first) {
    this.vertx = vertx;
    this.newest = new AtomicReference<>(first);
    Bus.<Settings>follow(vertx, Addresses.SETTINGS_CHANGED, this::advance);
  }

  /** The newest revision; a write answered before this call is in it. */
  public Settings current() {
    return newest.get();
  }

  /** Sends a write to the owner and answers the revision it made. */
  Future<Settings> write(String address, Object body) {
    return Bus.<Settings>request(vertx, address, body).map(this::advance);
  }

  /**
   * Executors: the gateway's provider and runtime settings (a null part is not followed) replace
   * the cached ones, in the local store first, as one revision.
   */
  public Future<Void> replaceFromGateway(Map<String, StoredProvider> providers, Map<String, String> runtime) {
    return write(Addresses.SETTINGS_FROM_GATEWAY, new SettingsVerticle.FromGateway(providers, runtime)).mapEmpty();
  }

  /**
   * Calls {@code follower} with every new revision, on the calling verticle's context (a follower
   * registered outside a verticle gets an event loop of its own).
   */
  public void follow(Consumer<Settings> follower) {
    Bus.follow(vertx, Addresses.SETTINGS_CHANGED, follower);
  }

  private Settings advance(Settings next) {
    return newest.accumulateAndGet(next, (held, given) -> given.revision() > held.revision() ? given : held);
  }
}
