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

  /**
   * The self-test's request against the published schema of the service it went to. Azure's
   * Model Inference path ({@code /models/…}) has no vendored description and is left out; Claude
   * on Vertex is checked as the direct API sees it (model in the body, no anthropic_version).
   */
  static void conformsToThePublishedSchema(ContractSetup s, Recorded request) {
    if (request.path().startsWith("/models/")) {
      return;
    }
    JsonObject body = request.json();
    dev.mergeloom.worker.testing.ProviderSchemas schema = s.wire() != WireFake.OPENAI_CHAT
        ? dev.mergeloom.worker.testing.ProviderSchemas.requestOf(s.wire())
        : request.path().contains("/openai/deployments/") ? dev.mergeloom.worker.testing.ProviderSchemas.AZURE_CHAT_REQUEST
        : dev.mergeloom.worker.testing.ProviderSchemas.OPENAI_CHAT_REQUEST;
    if (body.remove("anthropic_version") != null) {
      body.put("model", "claude-on-vertex");
    }
    schema.check(body);
  }

  static JsonObject body(String authMethod, JsonObject fields) {
    return new JsonObject().put("authMethod", authMethod).put("fields", fields);
  }

  /** The self-test declares the job's tools and its own probe among them. */
  static final int JOB_TOOLS = dev.mergeloom.worker.jobs.loop.JobTools.specs().size();

  static boolean chatForced(JsonObject body) {
    return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "report_status"))
        .equals(body.getJsonObject("tool_choice")) && body.getJsonArray("tools").size() == JOB_TOOLS + 1;
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
