package dev.mergeloom.worker.config;

/**
 * One effective value of a deployment variable with its provenance.
 *
 * <p>{@code origin} says exactly where it was read (a file path, a ConfigMap name) so start-up
 * errors can name both sides of a conflict. {@link #toString()} never prints the value: any of
 * these may be a secret.
 */
public record ConfigValue(String name, String value, ConfigSource source, String origin) {

  @Override
  public String toString() {
    return name + " from " + describeOrigin();
  }

  /** "env", "file /run/x", "secrets-dir /etc/worker-secrets/NAME", "configmap ns/name". */
  public String describeOrigin() {
    return origin == null || origin.isEmpty() ? source.wireName() : source.wireName() + " " + origin;
  }
}
