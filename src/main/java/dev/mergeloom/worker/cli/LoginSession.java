package dev.mergeloom.worker.cli;

import dev.mergeloom.worker.process.ManagedProcess;
import java.time.Instant;

/**
 * One CLI login in progress or finished, owned by {@link CliLoginVerticle}: changed only on its
 * context (its process reports there too), so it needs no lock; others get a {@link LoginView}.
 */
final class LoginSession {
  private final String provider;
  private final Instant startedAt = Instant.now();
  private final Instant expiresAt;
  private LoginState state = LoginState.STARTING;
  private String verificationUrl;
  private String userCode;
  private String message;
  ManagedProcess process;
  boolean cancelled;
  boolean succeededLine;
  String failureLine;

  LoginSession(String provider, java.time.Duration timeout) {
    this.provider = provider;
    this.expiresAt = startedAt.plus(timeout);
  }

  String provider() {
    return provider;
  }

  LoginState state() {
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

  LoginView view() {
    return new LoginView(provider, state, verificationUrl, userCode, message, startedAt, expiresAt);
  }
}
