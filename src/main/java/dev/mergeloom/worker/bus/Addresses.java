package dev.mergeloom.worker.bus;

/** Every event-bus address the worker uses, declared once. */
public final class Addresses {
  private Addresses() {}

  /** Output lines of one managed process: {@code {"processId", "stream": "stdout"|"stderr", "line"}}. */
  public static String processOutput(String processId) {
    return "mergeloom.process." + processId + ".output";
  }
}
