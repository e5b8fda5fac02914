package dev.mergeloom.worker.provider.wire;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * A tool's JSON Schema as Gemini's {@code Schema} message (aiplatform v1 {@code openapi.proto}):
 * {@code type} is the proto enum ({@code OBJECT}, {@code STRING}, …), and only the fields that
 * message has are kept (a strict proto JSON parser refuses any other). A schema without
 * properties is no schema at all for Gemini: "parameters.properties: should be non-empty for
 * OBJECT type" (langchain-ai/langchainjs#7935, BerriAI/litellm#18237), so a tool
 * that takes no arguments is declared without {@code parameters}.
 */
final class GeminiSchema {
  private static final List<String> KEPT = List.of("description", "format", "title", "nullable", "enum", "required",
      "minItems", "maxItems", "minimum", "maximum", "minLength", "maxLength", "pattern");

  private GeminiSchema() {}

  /** True when the parameters declare no argument at all. */
  static boolean noArguments(JsonObject parameters) {
    if (parameters == null) {
      return true;
    }
    JsonObject properties = parameters.getJsonObject("properties");
    return "object".equals(parameters.getString("type")) && (properties == null || properties.isEmpty());
  }

  static JsonObject of(JsonObject schema) {
    JsonObject out = new JsonObject();
    Object type = schema.getValue("type");
    if (type instanceof String t) {
      out.put("type", t.toUpperCase(Locale.ROOT));
    } else if (type instanceof JsonArray types) {
      // ["string", "null"]: the proto's form is one type plus nullable.
      types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst()
          .ifPresent(t -> out.put("type", t.toUpperCase(Locale.ROOT)));
      if (types.contains("null")) {
        out.put("nullable", true);
      }
    }
    for (String key : KEPT) {
      if (schema.containsKey(key)) {
        out.put(key, schema.getValue(key));
      }
    }
    if (out.getJsonArray("enum") != null) {
      out.put("enum", new JsonArray(out.getJsonArray("enum").stream().map(String::valueOf).toList()));
    }
    JsonObject properties = schema.getJsonObject("properties");
    if (properties != null) {
      JsonObject converted = new JsonObject();
      properties.forEach(e -> converted.put(e.getKey(), of((JsonObject) e.getValue())));
      out.put("properties", converted);
    }
    if (schema.getJsonObject("items") != null) {
      out.put("items", of(schema.getJsonObject("items")));
    }
    JsonArray anyOf = schema.getJsonArray("anyOf");
    if (anyOf != null) {
      out.put("anyOf", new JsonArray(anyOf.stream().map(s -> of((JsonObject) s)).toList()));
    }
    return out;
  }
}
