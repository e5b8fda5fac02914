package dev.mergeloom.worker.config;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide list of secret values the worker knows, and the last line of defence that masks
 * them in any text leaving the process (log lines, error messages). The primary rule stays:
 * code never puts a secret into such text in the first place.
 */
public final class Redactor {
  public static final String MASK = "****";
  private static final int MIN_LENGTH = 6; // shorter "secrets" would mask ordinary words
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private Redactor() {}

  public static void register(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH) {
      SECRETS.add(secret);
      // Multi-line secrets (service-account JSON) leak line by line too: mask each long line.
      if (secret.indexOf('\n') >= 0) {
        for (String line : secret.split("\n")) {
          if (line.strip().length() >= 24) {
            SECRETS.add(line.strip());
          }
        }
      }
    }
  }

  public static String redact(String text) {
    if (text == null || SECRETS.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so a secret containing another is masked whole.
    for (String s : SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }
}
