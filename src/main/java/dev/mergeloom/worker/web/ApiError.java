package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.FieldProblem;
import java.util.List;

/** An error answer: HTTP status, stable code, message for people, and per-field problems. */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldProblem> fields;

  public ApiError(int status, String code, String message, List<FieldProblem> fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = List.copyOf(fields);
  }

  public ApiError(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  public static ApiError badRequest(String message, List<FieldProblem> fields) {
    return new ApiError(400, "invalid_input", message, fields);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldProblem> fields() {
    return fields;
  }
}
