package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderException;
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
  /** Finish reasons of aiplatform v1 {@code Candidate.FinishReason} that mean the filters stopped the reply. */
  private static final java.util.Set<String> BLOCKING_FINISH = java.util.Set.of("SAFETY", "RECITATION", "BLOCKLIST",
      "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY");

  @Override
  public JsonObject encode(ChatRequest request) {
    JsonArray contents = new JsonArray();
    for (Message m : request.messages()) {
      switch (m.role()) {
        case USER -> Turns.add(contents, "user", m.text() == null || m.text().isEmpty() ? new JsonArray()
            : new JsonArray().add(new JsonObject().put("text", m.text())), "parts");
        case ASSISTANT -> {
          JsonArray parts = new JsonArray();
          if (m.text() != null && !m.text().isBlank()) {
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
          // An empty turn is left out: "contents.parts must not be empty".
          Turns.add(contents, "model", parts, "parts");
        }
        case TOOL -> Turns.add(contents, "user", new JsonArray(
            m.toolResults().stream().map(r -> new JsonObject().put("functionResponse", new JsonObject()
                .put("name", r.toolName()).put("response", new JsonObject().put(r.isError() ? "error" : "content",
                    r.content())))).toList()), "parts");
      }
    }
    JsonObject body = new JsonObject().put("contents", contents)
        .put("generationConfig", new JsonObject().put("maxOutputTokens", request.maxTokens()));
    if (request.system() != null) {
      body.put("systemInstruction", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("text", request.system()))));
    }
    if (!request.tools().isEmpty()) {
      body.put("tools", new JsonArray().add(new JsonObject().put("functionDeclarations", new JsonArray(request.tools()
          .stream().map(GeminiCodec::declaration).toList()))));
      JsonObject calling = request.forcedTool() == null ? new JsonObject().put("mode", "AUTO")
          : new JsonObject().put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add(request.forcedTool()));
      body.put("toolConfig", new JsonObject().put("functionCallingConfig", calling));
    }
    return body;
  }

  private static JsonObject declaration(dev.mergeloom.worker.provider.ToolSpec t) {
    JsonObject declaration = new JsonObject().put("name", t.name()).put("description", t.description());
    if (!GeminiSchema.noArguments(t.parameters())) {
      declaration.put("parameters", GeminiSchema.of(t.parameters()));
    }
    return declaration;
  }

  @Override
  public ChatReply decode(JsonObject reply) {
    JsonArray candidates = reply.getJsonArray("candidates");
    JsonObject feedback = reply.getJsonObject("promptFeedback");
    if ((candidates == null || candidates.isEmpty()) && feedback != null && feedback.getString("blockReason") != null) {
      // A valid answer: the prompt itself was blocked, so there is no candidate to read.
      throw new ProviderException(ProviderException.Kind.REFUSED, "Gemini blocked the prompt (blockReason "
          + feedback.getString("blockReason") + (feedback.getString("blockReasonMessage") == null ? ""
              : ": " + feedback.getString("blockReasonMessage")) + ")");
    }
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
    String finish = candidate.getString("finishReason");
    // A candidate stopped by the safety filters carries no parts: that is a refusal, not silence.
    String refusal = text.length() == 0 && calls.isEmpty() && BLOCKING_FINISH.contains(String.valueOf(finish))
        ? "the reply was blocked (finishReason " + finish + (candidate.getString("finishMessage") == null ? ""
            : ": " + candidate.getString("finishMessage")) + ")" : null;
    return new ChatReply(text.length() == 0 ? null : text.toString(), calls, finish,
        new ChatReply.Usage(WireCodec.tokens(usage, "promptTokenCount"), WireCodec.tokens(usage, "candidatesTokenCount")),
        reply.getString("modelVersion"), refusal);
  }
}
