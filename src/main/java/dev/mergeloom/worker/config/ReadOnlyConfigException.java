package dev.mergeloom.worker.config;

/** A write was refused because the deployment (provisioned mode) or the gateway owns this config. */
public final class ReadOnlyConfigException extends RuntimeException {
  public ReadOnlyConfigException(String message) {
    super(message);
  }

  /**
   * Refuses a UI or API write of {@code what} ("provider" or "runtime") settings unless
   * {@code mode}, read from {@code variable}, leaves them to the UI.
   */
  static void unlessWritable(ConfigMode mode, String what, String variable) {
    if (mode == ConfigMode.GATEWAY) {
      throw new ReadOnlyConfigException("This executor takes its " + what + " settings from the gateway ("
          + variable + "=gateway): change them in the gateway's UI or API.");
    }
    if (mode == ConfigMode.PROVISIONED) {
      throw new ReadOnlyConfigException(Character.toUpperCase(what.charAt(0)) + what.substring(1)
          + " settings are provisioned by the deployment (" + variable + "=provisioned): change the environment, "
          + "mounted secrets or ConfigMap and restart the worker.");
    }
  }
}
