package dev.mergeloom.worker.cli;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A CLI login as it was when asked: the immutable copy the login verticle hands out, so readers
 * on other event loops never see a session that is being changed. Holds no secret (the one-time
 * code and URL are meant for the operator's eyes).
 */
public record LoginView(String provider, LoginState state, String verificationUrl, String userCode, String message,
    Instant startedAt, Instant expiresAt) {

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
