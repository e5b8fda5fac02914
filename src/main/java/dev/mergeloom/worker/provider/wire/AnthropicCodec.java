package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Anthropic Messages ({@code claude-api}, and Claude on Vertex through rawPredict). */
public final class AnthropicCodec implements WireCodec {
  static final String VERTEX_VERSION = "vertex-2023-10-16";
  private final boolean vertex;

  /** @param vertex Vertex rawPredict: no model in the body (it is in the URL), and anthropic_version */
  public AnthropicCodec(boolean vertex) {
    this.vertex = vertex;
  }

  @Override
  public JsonObject encode(ChatRequest request) {
    JsonArray messages = new JsonArray();
    for (Message m : request.messages()) {
      switch (m.role()) {
        case USER -> Turns.add(messages, "user", m.text() == null || m.text().isEmpty() ? new JsonArray()
            : new JsonArray().add(new JsonObject().put("type", "text").put("text", m.text())), "content");
        case ASSISTANT -> {
          JsonArray content = new JsonArray();
          if (m.text() != null && !m.text().isBlank()) {
            content.add(new JsonObject().put("type", "text").put("text", m.text()));
          }
          m.toolCalls().forEach(c -> content.add(new JsonObject().put("type", "tool_use").put("id", c.id())
              .put("name", c.name()).put("input", c.arguments() == null ? new JsonObject() : c.arguments())));
          // An empty turn is left out: "messages.1: all messages must have non-empty content".
          Turns.add(messages, "assistant", content, "content");
        }
        case TOOL -> Turns.add(messages, "user", new JsonArray(
            m.toolResults().stream().map(r -> new JsonObject().put("type", "tool_result").put("tool_use_id", r.callId())
                .put("content", r.content()).put("is_error", r.isError())).toList()), "content");
      }
    }
    JsonObject body = new JsonObject();
    if (vertex) {
      body.put("anthropic_version", VERTEX_VERSION);
    } else {
      body.put("model", request.model());
    }
    body.put("max_tokens", request.maxTokens()).put("messages", messages);
    if (request.system() != null) {
      body.put("system", request.system());
    }
    if (!request.tools().isEmpty()) {
      body.put("tools", new JsonArray(request.tools().stream().map(t -> new JsonObject().put("name", t.name())
          .put("description", t.description()).put("input_schema", t.parameters())).toList()));
      body.put("tool_choice", request.forcedTool() == null ? new JsonObject().put("type", "auto")
          : new JsonObject().put("type", "tool").put("name", request.forcedTool()));
    }
    return body;
  }

  @Override
  public ChatReply decode(JsonObject reply) {
    JsonArray content = reply.getJsonArray("content");
    if (content == null) {
      throw WireCodec.badShape("no content[]");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (Object o : content) {
      if (!(o instanceof JsonObject block)) {
        continue;
      }
      switch (block.getString("type", "")) {
        case "text" -> text.append(block.getString("text", ""));
        case "tool_use" -> {
          Object input = block.getValue("input");
          calls.add(new ToolCall(block.getString("id"), block.getString("name"),
              input instanceof JsonObject obj ? obj.encode() : input == null ? null : io.vertx.core.json.Json.encode(input)));
        }
        default -> {} // thinking blocks stay with the provider
      }
    }
    JsonObject usage = reply.getJsonObject("usage");
    return new ChatReply(text.length() == 0 ? null : text.toString(), calls, reply.getString("stop_reason"),
        new ChatReply.Usage(WireCodec.tokens(usage, "input_tokens"), WireCodec.tokens(usage, "output_tokens")),
        reply.getString("model"));
  }
}
