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
  private final TokenField tokenField;
  private final boolean openAiService;

  /**
   * Which field bounds the reply. OpenAI's and Azure's specs deprecate {@code max_tokens} in
   * favour of {@code max_completion_tokens}, and OpenAI's reasoning models (o-series, gpt-5)
   * refuse {@code max_tokens}; self-hosted OpenAI-compatible servers (vLLM, Ollama, llama.cpp)
   * and Azure's Model Inference API know only {@code max_tokens}.
   */
  public enum TokenField {
    MAX_TOKENS("max_tokens"), MAX_COMPLETION_TOKENS("max_completion_tokens");

    final String wire;

    TokenField(String wire) {
      this.wire = wire;
    }

    /** The reasoning families that accept only {@code max_completion_tokens}. */
    public static boolean reasoningModel(String model) {
      String m = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
      int slash = m.lastIndexOf('/');
      m = slash >= 0 ? m.substring(slash + 1) : m;
      return m.matches("o[1-9]([-.].*)?") || m.startsWith("gpt-5");
    }
  }

  /** @param modelInBody false for Azure deployment URLs, where the deployment names the model */
  public OpenAiChatCodec(boolean modelInBody) {
    this(modelInBody, TokenField.MAX_TOKENS, false);
  }

  /**
   * @param tokenField the field the operator chose, or null to decide per request's model
   * @param openAiService whether OpenAI's own service answers (OpenAI, Azure OpenAI): there the
   *     reasoning families get {@code max_completion_tokens}; elsewhere {@code max_tokens}
   */
  public OpenAiChatCodec(boolean modelInBody, TokenField tokenField, boolean openAiService) {
    this.modelInBody = modelInBody;
    this.tokenField = tokenField;
    this.openAiService = openAiService;
  }

  private TokenField tokenField(String model) {
    if (tokenField != null) {
      return tokenField;
    }
    return openAiService && TokenField.reasoningModel(model) ? TokenField.MAX_COMPLETION_TOKENS : TokenField.MAX_TOKENS;
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
          boolean noText = m.text() == null || m.text().isBlank();
          if (noText && m.toolCalls().isEmpty()) {
            continue; // an empty turn: {"role":"assistant","content":null} without tool_calls is refused
          }
          JsonObject msg = new JsonObject().put("role", "assistant").put("content", noText ? null : m.text());
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
    body.put("messages", messages).put(tokenField(request.model()).wire, request.maxTokens());
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
        reply.getString("model"), message.getValue("refusal") instanceof String r && !r.isBlank() ? r : null);
  }
}
