package dev.mergeloom.worker.provider.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Wire-level rules the services enforce beyond their schemas: no empty content and, on Anthropic,
 * Gemini and Bedrock, turns that alternate between the user and the model. Adjacent turns of one
 * role (a tool result followed by a note from the worker, both "user" on these wires) are merged
 * into one, which all three accept; Anthropic documents that it merges them the same way.
 */
final class Turns {
  private Turns() {}

  /**
   * Appends a turn, merging it into the previous one when both have the same role.
   *
   * @param items the key of the turn's content array ("content" or "parts")
   */
  static void add(JsonArray turns, String role, JsonArray content, String items) {
    if (content.isEmpty()) {
      return; // "messages.N: all messages must have non-empty content", "contents.parts must not be empty"
    }
    if (!turns.isEmpty()) {
      JsonObject last = turns.getJsonObject(turns.size() - 1);
      if (role.equals(last.getString("role"))) {
        last.getJsonArray(items).addAll(content);
        return;
      }
    }
    // A copy: the content may wrap an immutable list, and a later turn of this role is merged into it.
    turns.add(new JsonObject().put("role", role).put(items, new JsonArray().addAll(content)));
  }
}
