package dev.mergeloom.worker.config;

import java.util.List;

/** A write was refused because of bad input; nothing was written. */
public final class InvalidSettingsException extends RuntimeException {
  private final List<FieldProblem> problems;

  public InvalidSettingsException(List<FieldProblem> problems) {
    super(problems.size() == 1 ? problems.get(0).field() + ": " + problems.get(0).message()
        : problems.size() + " fields are invalid");
    this.problems = List.copyOf(problems);
  }

  public List<FieldProblem> problems() {
    return problems;
  }
}
