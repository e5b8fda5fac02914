package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The OpenAI Responses API ({@code codex-api}). */
public final class ResponsesCodec implements WireCodec {
  @Override
  public JsonObject encode(ChatRequest request) {
    JsonArray input = new JsonArray();
    for (Message m : request.messages()) {
      switch (m.role()) {
        case USER -> input.add(new JsonObject().put("role", "user").put("content", m.text()));
        case ASSISTANT -> {
          if (m.text() != null && !m.text().isEmpty()) {
            input.add(new JsonObject().put("role", "assistant").put("content", m.text()));
          }
          m.toolCalls().forEach(c -> input.add(new JsonObject().put("type", "function_call").put("call_id", c.id())
              .put("name", c.name()).put("arguments", c.rawArguments())));
        }
        case TOOL -> m.toolResults().forEach(r -> input.add(new JsonObject().put("type", "function_call_output")
            .put("call_id", r.callId()).put("output", r.content())));
      }
    }
    JsonObject body = new JsonObject().put("model", request.model()).put("input", input)
        .put("max_output_tokens", request.maxTokens());
    if (request.system() != null) {
      body.put("instructions", request.system());
    }
    if (!request.tools().isEmpty()) {
      body.put("tools", new JsonArray(request.tools().stream().map(t -> new JsonObject().put("type", "function")
          .put("name", t.name()).put("description", t.description()).put("parameters", t.parameters())
          .put("strict", false)).toList()));
      body.put("tool_choice", request.forcedTool() == null ? "auto"
          : new JsonObject().put("type", "function").put("name", request.forcedTool()));
    }
    return body;
  }

  @Override
  public ChatReply decode(JsonObject reply) {
    JsonArray output = reply.getJsonArray("output");
    if (output == null) {
      throw WireCodec.badShape("no output[]");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (Object o : output) {
      if (!(o instanceof JsonObject item)) {
        continue;
      }
      switch (item.getString("type", "")) {
        case "message" -> item.getJsonArray("content", new JsonArray()).forEach(c -> {
          if (c instanceof JsonObject part && "output_text".equals(part.getString("type"))) {
            text.append(part.getString("text", ""));
          } else if (c instanceof JsonObject part && "refusal".equals(part.getString("type"))) {
            refusal.append(part.getString("refusal", ""));
          }
        });
        case "function_call" -> calls.add(new ToolCall(item.getString("call_id", item.getString("id")),
            item.getString("name"), item.getString("arguments")));
        default -> {} // reasoning and other items carry nothing the worker uses yet
      }
    }
    JsonObject usage = reply.getJsonObject("usage");
    return new ChatReply(text.length() == 0 ? null : text.toString(), calls, reply.getString("status"),
        new ChatReply.Usage(WireCodec.tokens(usage, "input_tokens"), WireCodec.tokens(usage, "output_tokens")),
        reply.getString("model"), refusal.length() == 0 ? null : refusal.toString());
  }
}
