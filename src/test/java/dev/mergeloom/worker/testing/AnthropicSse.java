package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Anthropic Messages server-sent events, for fakes the real Claude CLI talks to. */
public final class AnthropicSse {
  private AnthropicSse() {}

  private static String sse(String event, JsonObject data) {
    return "event: " + event + "\ndata: " + data.encode() + "\n\n";
  }

  private static String start() {
    return sse("message_start", new JsonObject().put("type", "message_start").put("message", new JsonObject()
        .put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", "claude-sonnet-4-5")
        .put("content", new JsonArray()).putNull("stop_reason").putNull("stop_sequence")
        .put("usage", new JsonObject().put("input_tokens", 10).put("output_tokens", 1))));
  }

  private static String end(String stopReason) {
    return sse("message_delta", new JsonObject().put("type", "message_delta").put("delta", new JsonObject()
        .put("stop_reason", stopReason).putNull("stop_sequence")).put("usage", new JsonObject().put("output_tokens", 5)))
        + sse("message_stop", new JsonObject().put("type", "message_stop"));
  }

  public static String text(String text) {
    return start()
        + sse("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
            .put("content_block", new JsonObject().put("type", "text").put("text", "")))
        + sse("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
            .put("delta", new JsonObject().put("type", "text_delta").put("text", text)))
        + sse("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0))
        + end("end_turn");
  }

  public static String toolUse(String id, String name, JsonObject input) {
    return start()
        + sse("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
            .put("content_block", new JsonObject().put("type", "tool_use").put("id", id).put("name", name)
                .put("input", new JsonObject())))
        + sse("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
            .put("delta", new JsonObject().put("type", "input_json_delta").put("partial_json", input.encode())))
        + sse("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0))
        + end("tool_use");
  }
}
