package dev.mergeloom.worker.provider;

import java.util.List;

/**
 * One turn of a conversation in the neutral shape every wire format is converted from and to.
 * An assistant turn may carry tool calls; a tool turn carries the results of the calls before it.
 */
public record Message(Role role, String text, List<ToolCall> toolCalls, List<ToolResult> toolResults) {

  public enum Role { USER, ASSISTANT, TOOL }

  public static Message user(String text) {
    return new Message(Role.USER, text, List.of(), List.of());
  }

  public static Message assistant(String text, List<ToolCall> calls) {
    return new Message(Role.ASSISTANT, text, List.copyOf(calls), List.of());
  }

  public static Message toolResults(List<ToolResult> results) {
    return new Message(Role.TOOL, null, List.of(), List.copyOf(results));
  }

  /** The answer to one tool call. */
  public record ToolResult(String callId, String toolName, String content, boolean isError) {}
}
