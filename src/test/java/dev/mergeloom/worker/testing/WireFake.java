package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Reply bodies in each provider wire format, for the fakes: a call, text, or arguments as given. */
public enum WireFake {
  OPENAI_CHAT {
    @Override
    public String call(String name, Object args) {
      return new JsonObject().put("id", "chatcmpl-fake").put("object", "chat.completion").put("model", "fake-model")
          .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "tool_calls")
              .put("message", new JsonObject().put("role", "assistant").putNull("content").put("tool_calls", new JsonArray()
                  .add(new JsonObject().put("id", "call_1").put("type", "function").put("function", new JsonObject()
                      .put("name", name).put("arguments", args instanceof String s ? s : String.valueOf(args))))))))
          .put("usage", new JsonObject().put("prompt_tokens", 50).put("completion_tokens", 9)).encode();
    }

    @Override
    public String text(String text) {
      return new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("finish_reason", "stop")
          .put("message", new JsonObject().put("role", "assistant").put("content", text)))).encode();
    }
  },
  RESPONSES {
    @Override
    public String call(String name, Object args) {
      return new JsonObject().put("id", "resp_fake").put("object", "response").put("status", "completed")
          .put("model", "fake-model").put("output", new JsonArray().add(new JsonObject().put("type", "function_call")
              .put("id", "fc_1").put("call_id", "call_1").put("name", name)
              .put("arguments", args instanceof String s ? s : String.valueOf(args)).put("status", "completed")))
          .put("usage", new JsonObject().put("input_tokens", 50).put("output_tokens", 9)).encode();
    }

    @Override
    public String text(String text) {
      return new JsonObject().put("status", "completed").put("output", new JsonArray().add(new JsonObject()
          .put("type", "message").put("role", "assistant").put("content", new JsonArray().add(new JsonObject()
              .put("type", "output_text").put("text", text))))).encode();
    }
  },
  ANTHROPIC {
    @Override
    public String call(String name, Object args) {
      return new JsonObject().put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", "fake")
          .put("content", new JsonArray().add(new JsonObject().put("type", "tool_use").put("id", "toolu_1")
              .put("name", name).put("input", json(args))))
          .put("stop_reason", "tool_use").put("usage", new JsonObject().put("input_tokens", 50).put("output_tokens", 9))
          .encode();
    }

    @Override
    public String text(String text) {
      return new JsonObject().put("type", "message").put("content", new JsonArray().add(new JsonObject()
          .put("type", "text").put("text", text))).put("stop_reason", "end_turn").encode();
    }
  },
  GEMINI {
    @Override
    public String call(String name, Object args) {
      return new JsonObject().put("candidates", new JsonArray().add(new JsonObject().put("finishReason", "STOP")
          .put("content", new JsonObject().put("role", "model").put("parts", new JsonArray().add(new JsonObject()
              .put("functionCall", new JsonObject().put("name", name).put("args", json(args)))
              .put("thoughtSignature", "c2lnbmF0dXJl"))))))
          .put("usageMetadata", new JsonObject().put("promptTokenCount", 50).put("candidatesTokenCount", 9)).encode();
    }

    @Override
    public String text(String text) {
      return new JsonObject().put("candidates", new JsonArray().add(new JsonObject().put("content", new JsonObject()
          .put("role", "model").put("parts", new JsonArray().add(new JsonObject().put("text", text)))))).encode();
    }
  },
  BEDROCK {
    @Override
    public String call(String name, Object args) {
      return new JsonObject().put("output", new JsonObject().put("message", new JsonObject().put("role", "assistant")
          .put("content", new JsonArray().add(new JsonObject().put("toolUse", new JsonObject()
              .put("toolUseId", "tooluse_1").put("name", name).put("input", json(args)))))))
          .put("stopReason", "tool_use").put("usage", new JsonObject().put("inputTokens", 50).put("outputTokens", 9)
              .put("totalTokens", 59)).put("metrics", new JsonObject().put("latencyMs", 5)).encode();
    }

    @Override
    public String text(String text) {
      return new JsonObject().put("output", new JsonObject().put("message", new JsonObject().put("role", "assistant")
          .put("content", new JsonArray().add(new JsonObject().put("text", text)))))
          .put("stopReason", "end_turn").put("usage", new JsonObject().put("inputTokens", 5).put("outputTokens", 5)
              .put("totalTokens", 10)).put("metrics", new JsonObject().put("latencyMs", 5)).encode();
    }
  };

  /** A reply calling {@code name}; {@code args} is a JSON object, or raw text for wires with string arguments. */
  public abstract String call(String name, Object args);

  public abstract String text(String text);

  /** Object-argument wires get an object when they can, else the value as is (a string or array: not an object). */
  static Object json(Object args) {
    if (args instanceof JsonObject o) {
      return o;
    }
    try {
      return io.vertx.core.json.Json.decodeValue(String.valueOf(args));
    } catch (io.vertx.core.json.DecodeException e) {
      return String.valueOf(args);
    }
  }
}
