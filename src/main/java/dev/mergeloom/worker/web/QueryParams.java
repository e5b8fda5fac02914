package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.FieldProblem;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Query parameters read with the same rules everywhere: a bad value is a 400 naming it. */
public final class QueryParams {
  private QueryParams() {
  }

  /**
   * The whole number {@code name} from {@code min} to {@code max}, or {@code absent} when the query
   * does not have it.
   */
  public static int wholeNumber(RoutingContext ctx, String name, int min, int max, int absent) {
    String given = ctx.request().getParam(name);
    if (given == null) {
      return absent;
    }
    try {
      int value = Integer.parseInt(given.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    String expected = "a whole number from " + min + " to " + max;
    throw ApiError.badRequest(name + " must be " + expected, List.of(new FieldProblem(name, "expected " + expected
        + ", got '" + given + "'")));
  }
}
