package dev.mergeloom.worker.provider;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A tool call the model made.
 *
 * @param id the provider's call id (Gemini has none: one is made up so results can be matched)
 * @param rawArguments the arguments exactly as sent (a JSON string for OpenAI, re-encoded objects
 *     for the others), so a caller can report what was wrong with them
 * @param thoughtSignature Gemini's opaque signature, echoed back unchanged in the next turn
 */
public record ToolCall(String id, String name, String rawArguments, String thoughtSignature) {

  public ToolCall(String id, String name, String rawArguments) {
    this(id, name, rawArguments, null);
  }

  /** The arguments as a JSON object, or null when they are not one. */
  public JsonObject arguments() {
    if (rawArguments == null || rawArguments.isBlank()) {
      return new JsonObject(); // some servers send "" for a call without arguments
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(rawArguments);
      return parsed instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      return null;
    }
  }
}
