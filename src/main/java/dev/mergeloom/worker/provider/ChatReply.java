package dev.mergeloom.worker.provider;

import java.util.List;

/** A model's answer: text (possibly empty), tool calls, why it stopped, and token usage. */
public record ChatReply(String text, List<ToolCall> toolCalls, String stopReason, Usage usage, String model) {

  /** Tokens counted by the provider (0 when it does not say). */
  public record Usage(long inputTokens, long outputTokens) {
    public static final Usage NONE = new Usage(0, 0);
  }
}
