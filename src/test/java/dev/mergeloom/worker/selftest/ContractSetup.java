package dev.mergeloom.worker.selftest;

import dev.mergeloom.worker.testing.FakeProvider.Recorded;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One provider path and auth method as the contract suite drives it: the settings that point it
 * at the fake (given the fake's base URL), the wire format the fake must speak, and what a
 * correct request looks like (path, credentials, the native forced tool choice).
 */
record ContractSetup(String name, String provider, Function<String, JsonObject> settings, WireFake wire,
    Predicate<Recorded> requestOk) {

  @Override
  public String toString() {
    return name;
  }

  static JsonObject body(String authMethod, JsonObject fields) {
    return new JsonObject().put("authMethod", authMethod).put("fields", fields);
  }

  static boolean chatForced(JsonObject body) {
    return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "report_status"))
        .equals(body.getJsonObject("tool_choice")) && body.getJsonArray("tools").size() == 1;
  }

  static boolean responsesForced(JsonObject body) {
    return new JsonObject().put("type", "function").put("name", "report_status").equals(body.getJsonObject("tool_choice"));
  }

  static boolean anthropicForced(JsonObject body) {
    return new JsonObject().put("type", "tool").put("name", "report_status").equals(body.getJsonObject("tool_choice"));
  }

  static boolean geminiForced(JsonObject body) {
    return new JsonObject().put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add("report_status"))
        .equals(body.getJsonObject("toolConfig").getJsonObject("functionCallingConfig"));
  }

  static boolean bedrockForced(JsonObject body) {
    return new JsonObject().put("tool", new JsonObject().put("name", "report_status"))
        .equals(body.getJsonObject("toolConfig").getJsonObject("toolChoice"));
  }
}
