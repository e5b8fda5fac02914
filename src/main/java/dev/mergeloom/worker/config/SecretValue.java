package dev.mergeloom.worker.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A secret held in memory. Its {@link #toString()} is a mask, so it cannot leak by accident. */
public final class SecretValue {
  private final String value;

  public SecretValue(String value) {
    this.value = value;
  }

  /** The clear value, for the one place that must use it. */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison, so timing does not tell how much of a guess was right. */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "****";
  }
}
