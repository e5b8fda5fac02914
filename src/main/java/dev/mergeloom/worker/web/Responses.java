package dev.mergeloom.worker.web;

import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import dev.mergeloom.worker.config.ReadOnlyConfigException;
import dev.mergeloom.worker.config.Redactor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every JSON answer goes through here, so error bodies are uniform ({@code {"error": {"code",
 * "message", "fields"}}}, contract §4) and pass the {@link Redactor} on their way out.
 */
public final class Responses {
  private static final Logger LOG = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  public static void json(RoutingContext ctx, int status, Object body) {
    String text = body instanceof JsonObject o ? o.encode() : body instanceof JsonArray a ? a.encode() : String.valueOf(body);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(Redactor.redact(text));
  }

  public static void error(RoutingContext ctx, ApiError error) {
    JsonObject body = new JsonObject().put("code", error.code()).put("message", error.getMessage());
    if (!error.fields().isEmpty()) {
      body.put("fields", new JsonArray(error.fields().stream()
          .map(f -> new JsonObject().put("field", f.field()).put("message", f.message())).toList()));
    }
    json(ctx, error.status(), new JsonObject().put("error", body));
  }

  /** Maps a failure from a service to its answer; unexpected ones are logged and become 500. */
  public static void failure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof ApiError e) {
      error(ctx, e);
    } else if (failure instanceof Refusal r) {
      JsonObject body = r.details().put("error", new JsonObject().put("code", r.code().wire()).put("message",
          r.getMessage()));
      json(ctx, status(r.code().kind()), body);
    } else if (failure instanceof InvalidSettingsException e) {
      error(ctx, ApiError.badRequest(describe(e.problems()), e.problems()));
    } else if (failure instanceof ReadOnlyConfigException e) {
      error(ctx, new ApiError(409, "read_only", e.getMessage()));
    } else {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      error(ctx, new ApiError(500, "internal", "The worker failed to handle this request; see its log."));
    }
  }

  /** The one place a refusal's kind becomes an HTTP status, for the API and the pages alike. */
  public static int status(Refusal.Kind kind) {
    return switch (kind) {
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case NOT_POSSIBLE -> 422;
      case BUSY -> 503;
    };
  }

  private static String describe(List<FieldProblem> problems) {
    return problems.size() == 1
        ? "Invalid " + problems.get(0).field() + ": " + problems.get(0).message()
        : problems.size() + " fields are invalid; see fields[]";
  }
}
