package dev.mergeloom.worker.web.ui;

import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.ReadOnlyConfigException;
import dev.mergeloom.worker.web.Responses;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages' one mapping of a failure to a status and the problems a form shows, as
 * {@code Responses.failure} is the API's: invalid input 400, a read-only mode 409, a
 * {@link Refusal} by its kind, anything else 500 with nothing of the cause on the page (it is in
 * the log).
 */
final class PageErrors {
  private static final Logger LOG = LoggerFactory.getLogger(PageErrors.class);

  private PageErrors() {}

  static int status(Throwable failure) {
    if (failure instanceof InvalidSettingsException) {
      return 400;
    }
    if (failure instanceof ReadOnlyConfigException) {
      return 409;
    }
    return failure instanceof Refusal r ? Responses.status(r.code().kind()) : 500;
  }

  static List<FieldProblem> problems(Throwable failure) {
    if (failure instanceof InvalidSettingsException e) {
      return e.problems();
    }
    if (failure instanceof ReadOnlyConfigException e) {
      return List.of(new FieldProblem("mode", e.getMessage()));
    }
    if (failure instanceof Refusal r) {
      return List.of(new FieldProblem(r.code().wire(), r.getMessage()));
    }
    LOG.error("a form could not be handled", failure);
    return List.of(new FieldProblem("server", "The worker could not save this; see its log."));
  }
}
