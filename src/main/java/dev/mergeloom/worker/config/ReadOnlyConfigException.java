package dev.mergeloom.worker.config;

/** A write was refused because the deployment owns this config (provisioned mode). */
public final class ReadOnlyConfigException extends RuntimeException {
  public ReadOnlyConfigException(String message) {
    super(message);
  }
}
