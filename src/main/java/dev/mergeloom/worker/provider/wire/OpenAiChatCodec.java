package dev.mergeloom.worker.provider.wire;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.ToolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** OpenAI Chat Completions (openai-compatible servers, Azure OpenAI / Foundry). */
public final class OpenAiChatCodec implements WireCodec {
  private final boolean modelInBody;

  /** @param modelInBody false for Azure deployment URLs, where the deployment names the model */
  public OpenAiChatCodec(boolean modelInBody) {
    this.modelInBody = modelInBody;
  }

  @Override
  public JsonObject encode(ChatRequest request) {
    JsonArray messages = new JsonArray();
    if (request.system() != null) {
      messages.add(new JsonObject().put("role", "system").put("content", request.system()));
    }
    for (Message m : request.messages()) {
      switch (m.role()) {
        case USER -> messages.add(new JsonObject().put("role", "user").put("content", m.text()));
        case ASSISTANT -> {
          JsonObject msg = new JsonObject().put("role", "assistant").put("content", m.text());
          if (!m.toolCalls().isEmpty()) {
            msg.put("tool_calls", new JsonArray(m.toolCalls().stream().map(c -> new JsonObject().put("id", c.id())
                .put("type", "function").put("function", new JsonObject().put("name", c.name())
                    .put("arguments", c.rawArguments()))).toList()));
          }
          messages.add(msg);
        }
        case TOOL -> m.toolResults().forEach(r -> messages.add(new JsonObject().put("role", "tool")
            .put("tool_call_id", r.callId()).put("content", r.content())));
      }
    }
    JsonObject body = new JsonObject();
    if (modelInBody) {
      body.put("model", request.model());
    }
    body.put("messages", messages).put("max_tokens", request.maxTokens());
    if (!request.tools().isEmpty()) {
      body.put("tools", new JsonArray(request.tools().stream().map(OpenAiChatCodec::tool).toList()));
      body.put("tool_choice", request.forcedTool() == null ? "auto"
          : new JsonObject().put("type", "function").put("function", new JsonObject().put("name", request.forcedTool())));
    }
    return body;
  }

  private static JsonObject tool(ToolSpec t) {
    return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", t.name())
        .put("description", t.description()).put("parameters", t.parameters()));
  }

  @Override
  public ChatReply decode(JsonObject reply) {
    JsonArray choices = reply.getJsonArray("choices");
    if (choices == null || choices.isEmpty() || !(choices.getValue(0) instanceof JsonObject choice)
        || choice.getJsonObject("message") == null) {
      throw WireCodec.badShape("no choices[0].message");
    }
    JsonObject message = choice.getJsonObject("message");
    List<ToolCall> calls = new ArrayList<>();
    JsonArray toolCalls = message.getJsonArray("tool_calls", new JsonArray());
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonObject call = toolCalls.getJsonObject(i);
      JsonObject fn = call.getJsonObject("function", new JsonObject());
      Object args = fn.getValue("arguments");
      calls.add(new ToolCall(call.getString("id", "call_" + i), fn.getString("name"),
          args instanceof JsonObject o ? o.encode() : args == null ? null : String.valueOf(args)));
    }
    Object content = message.getValue("content");
    JsonObject usage = reply.getJsonObject("usage");
    return new ChatReply(content instanceof String s ? s : null, calls, choice.getString("finish_reason"),
        new ChatReply.Usage(WireCodec.tokens(usage, "prompt_tokens"), WireCodec.tokens(usage, "completion_tokens")),
        reply.getString("model"));
  }
}
