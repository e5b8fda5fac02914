package dev.mergeloom.worker.config;

import java.util.Comparator;
import java.util.List;
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
  /** Longest first, so a secret containing another is masked whole; rebuilt on each register. */
  private static volatile List<String> longestFirst = List.of();

  private Redactor() {}

  public static synchronized void register(String secret) {
    if (secret != null && secret.length() >= MIN_LENGTH && !SECRETS.contains(secret)) {
      SECRETS.add(secret);
      // Structured secrets (a service-account JSON) leak piecewise too, e.g. one line of the PEM
      // key inside: mask every long piece between line breaks (real or escaped) and quotes.
      if (secret.indexOf('\n') >= 0 || secret.contains("\\n")) {
        for (String piece : secret.split("\\\\n|\n|\"")) {
          if (piece.strip().length() >= 40) {
            SECRETS.add(piece.strip());
          }
        }
      }
      longestFirst = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
  }

  public static String redact(String text) {
    List<String> secrets = longestFirst;
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }
}
