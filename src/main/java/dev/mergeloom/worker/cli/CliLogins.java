package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.ResolvedProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP handlers hold to reach the CLI logins: each call is a request to
 * {@link CliLoginVerticle}, which owns them, and answers a {@link LoginView} (or the
 * {@link dev.mergeloom.worker.bus.Refusal} that says why not). Holds no state; safe on any loop.
 */
public final class CliLogins {
  /** The pasted {@code code#state} for a provider's waiting login. */
  record Code(String provider, String code) {}

  private final Vertx vertx;

  public CliLogins(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<LoginView> start(ResolvedProvider provider) {
    return Bus.request(vertx, Addresses.CLI_LOGIN_START, provider);
  }

  /** Sends the pasted {@code code#state} to Claude's waiting login. */
  public Future<LoginView> submitCode(String provider, String code) {
    return Bus.request(vertx, Addresses.CLI_LOGIN_CODE, new Code(provider, code));
  }

  /** Cancels a running login; answers once its process tree has stopped. */
  public Future<LoginView> cancel(String provider) {
    return Bus.request(vertx, Addresses.CLI_LOGIN_CANCEL, provider);
  }

  /** Every provider's last login (running or ended), by provider id. */
  public Future<Map<String, LoginView>> all() {
    return Bus.request(vertx, Addresses.CLI_LOGIN_ALL, "");
  }

  /** The provider's last login, if one was started since the worker started. */
  public Future<Optional<LoginView>> session(String provider) {
    return all().map(views -> Optional.ofNullable(views.get(provider)));
  }
}
