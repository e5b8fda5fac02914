package dev.mergeloom.worker.provider;

import java.util.List;

/**
 * A model's answer: text (possibly empty), tool calls, why it stopped, and token usage.
 *
 * @param refusal the model's refusal when it declined (OpenAI's {@code refusal}), else null
 */
public record ChatReply(String text, List<ToolCall> toolCalls, String stopReason, Usage usage, String model,
    String refusal) {

  public ChatReply(String text, List<ToolCall> toolCalls, String stopReason, Usage usage, String model) {
    this(text, toolCalls, stopReason, usage, model, null);
  }

  /** Neither text, a refusal nor a tool call: nothing a conversation could carry on from. */
  public boolean empty() {
    return toolCalls.isEmpty() && (text == null || text.isBlank()) && (refusal == null || refusal.isBlank());
  }

  /** Tokens counted by the provider (0 when it does not say). */
  public record Usage(long inputTokens, long outputTokens) {
    public static final Usage NONE = new Usage(0, 0);
  }
}
