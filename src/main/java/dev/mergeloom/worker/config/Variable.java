package dev.mergeloom.worker.config;

/**
 * A deployment variable the worker accepts.
 *
 * @param secret never shown, logged or returned; redacted wherever it could leak
 * @param bootstrap read from the environment and {@code NAME_FILE} only, because it says where
 *     the other sources are (the secrets directory, the ConfigMap)
 */
public record Variable(String name, boolean secret, boolean bootstrap, String description) {

  public static Variable plain(String name, String description) {
    return new Variable(name, false, false, description);
  }

  public static Variable secret(String name, String description) {
    return new Variable(name, true, false, description);
  }

  public static Variable bootstrap(String name, String description) {
    return new Variable(name, false, true, description);
  }
}
