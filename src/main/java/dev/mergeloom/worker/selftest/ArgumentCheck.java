package dev.mergeloom.worker.selftest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks tool-call arguments against the small JSON-schema subset tools use: required
 * properties, property types and enums. Enough to tell a real call from a malformed one.
 */
final class ArgumentCheck {
  private ArgumentCheck() {}

  static List<String> problems(JsonObject schema, JsonObject args) {
    List<String> problems = new ArrayList<>();
    for (Object r : schema.getJsonArray("required", new JsonArray())) {
      if (!args.containsKey((String) r)) {
        problems.add("the required property '" + r + "' is missing");
      }
    }
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String name : properties.fieldNames()) {
      if (!args.containsKey(name)) {
        continue;
      }
      JsonObject prop = properties.getJsonObject(name);
      Object value = args.getValue(name);
      String type = prop.getString("type");
      if (type != null && !matches(type, value)) {
        problems.add("'" + name + "' should be of type " + type);
      } else if (prop.getJsonArray("enum") != null && !prop.getJsonArray("enum").contains(value)) {
        problems.add("'" + name + "' should be one of " + prop.getJsonArray("enum").encode());
      }
    }
    return problems;
  }

  private static boolean matches(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue());
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof JsonObject;
      case "array" -> value instanceof JsonArray;
      default -> true;
    };
  }
}
