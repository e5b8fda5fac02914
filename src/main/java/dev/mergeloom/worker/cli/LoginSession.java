package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.process.ManagedProcess;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One CLI login in progress or finished. Changed only on the context of its process, read by
 * the API; holds no secret (the one-time code and URL are meant for the operator's eyes).
 */
public final class LoginSession {
  private final String provider;
  private final Instant startedAt = Instant.now();
  private final Instant expiresAt;
  private volatile LoginState state = LoginState.STARTING;
  private volatile String verificationUrl;
  private volatile String userCode;
  private volatile String message;
  volatile ManagedProcess process;
  volatile boolean cancelled;
  volatile boolean succeededLine;
  volatile String failureLine;

  LoginSession(String provider, java.time.Duration timeout) {
    this.provider = provider;
    this.expiresAt = startedAt.plus(timeout);
  }

  public String provider() {
    return provider;
  }

  public LoginState state() {
    return state;
  }

  void state(LoginState state, String message) {
    this.state = state;
    if (message != null) {
      this.message = message;
    }
  }

  void verification(String url, String code) {
    if (url != null) {
      this.verificationUrl = url;
    }
    if (code != null) {
      this.userCode = code;
    }
  }

  void message(String message) {
    this.message = message;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("state", state.wireName())
        .put("verificationUrl", verificationUrl)
        .put("userCode", userCode)
        .put("message", message)
        .put("startedAt", startedAt.toString())
        .put("expiresAt", expiresAt.toString());
  }
}
