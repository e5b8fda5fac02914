package dev.mergeloom.worker.process;

/** One line a managed process wrote, without its line break. */
public record OutputLine(Stream stream, String line) {
  public enum Stream { STDOUT, STDERR }
}
