package dev.mergeloom.worker.config;

import java.util.List;

/**
 * Start-up configuration problems, each naming the variable and what is expected. The message
 * lists all of them at once so an operator fixes a deployment in one round.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
