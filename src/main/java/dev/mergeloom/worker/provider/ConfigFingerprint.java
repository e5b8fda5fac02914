package dev.mergeloom.worker.provider;

import dev.mergeloom.worker.config.ResolvedProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * A digest of a provider's effective settings (auth method and every value, secrets included):
 * a self-test result holds for the configuration with the same fingerprint only, so any change,
 * a rotated key too, invalidates it. SHA-256 of high-entropy values reveals nothing useful.
 */
public final class ConfigFingerprint {
  private ConfigFingerprint() {}

  public static String of(ResolvedProvider p) {
    TreeMap<String, String> values = new TreeMap<>();
    p.fields().forEach((k, v) -> {
      if (v.isSet()) {
        values.put(k, v.value());
      }
    });
    StringBuilder text = new StringBuilder(p.spec().id()).append('\0').append(p.authMethod().value());
    values.forEach((k, v) -> text.append('\0').append(k).append('=').append(v));
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
