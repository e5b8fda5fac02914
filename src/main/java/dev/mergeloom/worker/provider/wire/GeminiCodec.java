package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini {@code generateContent} (Vertex publisher google). Calls have no ids on this wire, so
 * the worker numbers them; thought signatures are kept on the call and sent back unchanged.
 */
public final class GeminiCodec implements WireCodec {
  @Override
  public JsonObject encode(ChatRequest request) {
    JsonArray contents = new JsonArray();
    for (Message m : request.messages()) {
      switch (m.role()) {
        case USER -> contents.add(new JsonObject().put("role", "user")
            .put("parts", new JsonArray().add(new JsonObject().put("text", m.text()))));
        case ASSISTANT -> {
          JsonArray parts = new JsonArray();
          if (m.text() != null && !m.text().isEmpty()) {
            parts.add(new JsonObject().put("text", m.text()));
          }
          for (ToolCall c : m.toolCalls()) {
            JsonObject part = new JsonObject().put("functionCall", new JsonObject().put("name", c.name())
                .put("args", c.arguments() == null ? new JsonObject() : c.arguments()));
            if (c.thoughtSignature() != null) {
              part.put("thoughtSignature", c.thoughtSignature());
            }
            parts.add(part);
          }
          contents.add(new JsonObject().put("role", "model").put("parts", parts));
        }
        case TOOL -> contents.add(new JsonObject().put("role", "user").put("parts", new JsonArray(
            m.toolResults().stream().map(r -> new JsonObject().put("functionResponse", new JsonObject()
                .put("name", r.toolName()).put("response", new JsonObject().put(r.isError() ? "error" : "content",
                    r.content())))).toList())));
      }
    }
    JsonObject body = new JsonObject().put("contents", contents)
        .put("generationConfig", new JsonObject().put("maxOutputTokens", request.maxTokens()));
    if (request.system() != null) {
      body.put("systemInstruction", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("text", request.system()))));
    }
    if (!request.tools().isEmpty()) {
      body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", new JsonArray(request.tools()
          .stream().map(t -> new JsonObject().put("name", t.name()).put("description", t.description())
              .put("parameters", t.parameters())).toList()))));
      JsonObject calling = request.forcedTool() == null ? new JsonObject().put("mode", "AUTO")
          : new JsonObject().put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add(request.forcedTool()));
      body.put("toolConfig", new JsonObject().put("functionCallingConfig", calling));
    }
    return body;
  }

  @Override
  public ChatReply decode(JsonObject reply) {
    JsonArray candidates = reply.getJsonArray("candidates");
    if (candidates == null || candidates.isEmpty() || !(candidates.getValue(0) instanceof JsonObject candidate)) {
      throw WireCodec.badShape("no candidates[0]");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    JsonArray parts = candidate.getJsonObject("content", new JsonObject()).getJsonArray("parts", new JsonArray());
    for (Object o : parts) {
      if (!(o instanceof JsonObject part)) {
        continue;
      }
      if (part.getValue("text") instanceof String t && !Boolean.TRUE.equals(part.getValue("thought"))) {
        text.append(t);
      }
      JsonObject call = part.getJsonObject("functionCall");
      if (call != null) {
        Object args = call.getValue("args");
        calls.add(new ToolCall(call.getString("id", "call_" + calls.size()), call.getString("name"),
            args instanceof JsonObject obj ? obj.encode() : args == null ? "{}" : io.vertx.core.json.Json.encode(args),
            part.getString("thoughtSignature")));
      }
    }
    JsonObject usage = reply.getJsonObject("usageMetadata");
    return new ChatReply(text.length() == 0 ? null : text.toString(), calls, candidate.getString("finishReason"),
        new ChatReply.Usage(WireCodec.tokens(usage, "promptTokenCount"), WireCodec.tokens(usage, "candidatesTokenCount")),
        reply.getString("modelVersion"));
  }
}
