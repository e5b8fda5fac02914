package dev.mergeloom.worker.web;

import dev.mergeloom.worker.config.FieldProblem;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/** Reads request bodies as JSON objects with a size cap, turning bad JSON into a 400. */
final class JsonBody {
  /** 1 MiB: a service-account key is a few KiB; nothing the API takes comes near this. */
  static final Handler<RoutingContext> HANDLER = BodyHandler.create(false).setBodyLimit(1024 * 1024);

  private JsonBody() {}

  static JsonObject object(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw ApiError.badRequest("A JSON object body is required",
          List.of(new FieldProblem("body", "expected a JSON object")));
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      // The parser's message quotes the input, which may hold a secret: say only what is wrong.
      throw ApiError.badRequest("The body is not a JSON object",
          List.of(new FieldProblem("body", "expected a JSON object")));
    }
  }
}
