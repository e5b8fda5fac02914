package dev.mergeloom.worker.provider.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.Message.ToolResult;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.ToolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real recorded replies parse into the right calls and usage; requests come out in each wire's shape. */
class WireCodecFixturesTest {
  private static final ToolSpec SECRET_TOOL = new ToolSpec("secret_retrieval_tool",
      "A tool that requires a password to retrieve a secret.", new JsonObject().put("type", "object")
          .put("properties", new JsonObject().put("password", new JsonObject().put("type", "string")))
          .put("required", new JsonArray().add("password")));

  @Test
  void openAiChatParallelToolCalls() {
    ChatReply r = new OpenAiChatCodec(true).decode(Fixtures.json("openai-chat/parallel-tool-calls.json"));
    assertThat(r.toolCalls()).extracting(ToolCall::id, ToolCall::name).containsExactly(
        org.assertj.core.groups.Tuple.tuple("call_DGbxG9ciqznxKMdR9YmxpTWG", "secret_retrieval_tool"),
        org.assertj.core.groups.Tuple.tuple("call_oUSV85lD6ejxFnNo4MWXA8QX", "secret_retrieval_tool"));
    assertThat(r.toolCalls().get(1).arguments()).isEqualTo(new JsonObject().put("password", "radiance"));
    assertThat(r.text()).isNull();
    assertThat(r.stopReason()).isEqualTo("tool_calls");
    assertThat(r.usage().inputTokens()).isPositive();
  }

  @Test
  void openAiChatFollowUpTurnIsEncodedLikeTheRecordedRequest() {
    JsonObject recorded = Fixtures.json("openai-chat/stop-after-tool-results.request.json");
    ChatReply first = new OpenAiChatCodec(true).decode(Fixtures.json("openai-chat/parallel-tool-calls.json"));
    ChatRequest followUp = new ChatRequest("gpt-4o", "Use parallel tool calling.", List.of(
        Message.user("Please retrieve the secrets associated with each of these passwords: mellon,radiance"),
        Message.assistant(null, first.toolCalls()),
        Message.toolResults(List.of(new ToolResult("call_DGbxG9ciqznxKMdR9YmxpTWG", "secret_retrieval_tool", "Welcome to Moria!", false),
            new ToolResult("call_oUSV85lD6ejxFnNo4MWXA8QX", "secret_retrieval_tool", "Life before Death", false)))),
        List.of(SECRET_TOOL), null, 1024);
    JsonObject encoded = new OpenAiChatCodec(true).encode(followUp);
    assertThat(encoded.getJsonArray("messages")).isEqualTo(recorded.getJsonArray("messages"));
    ChatReply last = new OpenAiChatCodec(true).decode(Fixtures.json("openai-chat/stop-after-tool-results.json"));
    assertThat(last.toolCalls()).isEmpty();
    assertThat(last.text()).isNotBlank();
    assertThat(last.stopReason()).isEqualTo("stop");
  }

  @Test
  void azureChatToolCallWithContentFilters() {
    ChatReply r = new OpenAiChatCodec(false).decode(Fixtures.json("azure-openai/chat-tool-calls.json"));
    assertThat(r.toolCalls()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("TurnOn");
      assertThat(c.arguments()).isEqualTo(new JsonObject());
    });
    ChatReply length = new OpenAiChatCodec(false).decode(Fixtures.json("azure-openai/chat-text-finish-length.json"));
    assertThat(length.toolCalls()).isEmpty();
    assertThat(length.stopReason()).isEqualTo("length");
    assertThat(new OpenAiChatCodec(false).encode(new ChatRequest("dep", null, List.of(Message.user("hi")), List.of(), null, 5))
        .containsKey("model")).isFalse();
  }

  @Test
  void responsesReasoningThenFunctionCall() {
    ChatReply r = new ResponsesCodec().decode(Fixtures.json("openai-responses/reasoning-then-function-call.json"));
    assertThat(r.toolCalls()).hasSize(1);
    assertThat(r.toolCalls().get(0).id()).startsWith("call_");
    assertThat(r.toolCalls().get(0).arguments()).isNotNull();
    assertThat(r.model()).isEqualTo("o3-2025-04-16");
    ChatReply plain = new ResponsesCodec().decode(Fixtures.json("openai-responses/function-call.json"));
    assertThat(plain.toolCalls()).singleElement().satisfies(c -> assertThat(c.arguments()).isNotNull());
    assertThat(plain.usage().outputTokens()).isPositive();
  }

  @Test
  void responsesForcedToolAndToolOutputsAreEncoded() {
    JsonObject body = new ResponsesCodec().encode(new ChatRequest("gpt-5-codex", "sys", List.of(Message.user("go"),
        Message.assistant(null, List.of(new ToolCall("call_1", "t", "{}"))),
        Message.toolResults(List.of(new ToolResult("call_1", "t", "done", false)))), List.of(SECRET_TOOL), "t", 100));
    assertThat(body.getJsonObject("tool_choice")).isEqualTo(new JsonObject().put("type", "function").put("name", "t"));
    assertThat(body.getJsonArray("input").getJsonObject(2)).isEqualTo(new JsonObject().put("type", "function_call_output")
        .put("call_id", "call_1").put("output", "done"));
    assertThat(body.getString("instructions")).isEqualTo("sys");
  }

  @Test
  void anthropicTextThenParallelToolUse() {
    ChatReply r = new AnthropicCodec(false).decode(Fixtures.json("anthropic-messages/text-then-parallel-tool-use.json"));
    assertThat(r.text()).isEqualTo("I'll retrieve the secrets for both passwords you provided.");
    assertThat(r.toolCalls()).extracting(ToolCall::name).containsExactly("secret_retrieval_tool", "secret_retrieval_tool");
    assertThat(r.toolCalls().get(0).arguments()).isEqualTo(new JsonObject().put("password", "mellon"));
    assertThat(r.stopReason()).isEqualTo("tool_use");
  }

  @Test
  void anthropicThinkingFormsStillYieldTheCall() {
    ChatReply tags = new AnthropicCodec(false).decode(Fixtures.json("anthropic-messages/thinking-tags-text-then-tool-use.json"));
    assertThat(tags.text()).contains("<thinking>");
    assertThat(tags.toolCalls()).hasSize(1);
    ChatReply block = new AnthropicCodec(false).decode(Fixtures.json("anthropic-messages/thinking-block-then-tool-use.json"));
    assertThat(block.toolCalls()).singleElement().satisfies(c -> assertThat(c.arguments()).isEqualTo(new JsonObject()));
    assertThat(block.text()).isNull(); // the thinking block is not answer text
  }

  @Test
  void anthropicOnVertexHasNoModelAndTheVertexVersion() {
    JsonObject body = new AnthropicCodec(true).encode(new ChatRequest("claude", null, List.of(Message.user("x")),
        List.of(SECRET_TOOL), SECRET_TOOL.name(), 64));
    assertThat(body.containsKey("model")).isFalse();
    assertThat(body.getString("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(body.getJsonObject("tool_choice")).isEqualTo(new JsonObject().put("type", "tool").put("name", SECRET_TOOL.name()));
  }

  @Test
  void geminiParallelCallsKeepTheThoughtSignatureForTheNextTurn() {
    ChatReply r = new GeminiCodec().decode(Fixtures.json("gemini/parallel-function-calls-thought-signature.json"));
    assertThat(r.toolCalls()).hasSize(2);
    assertThat(r.toolCalls().get(0).thoughtSignature()).startsWith("CqkCAdHtim8P");
    assertThat(r.toolCalls().get(1).thoughtSignature()).isNull();
    assertThat(r.toolCalls()).extracting(ToolCall::id).doesNotHaveDuplicates();

    JsonObject next = new GeminiCodec().encode(new ChatRequest("gemini-2.5-flash", null, List.of(Message.user("go"),
        Message.assistant(null, r.toolCalls()),
        Message.toolResults(List.of(new ToolResult(r.toolCalls().get(0).id(), "secret_retrieval_tool", "Welcome", false)))),
        List.of(SECRET_TOOL), null, 64));
    JsonObject modelTurn = next.getJsonArray("contents").getJsonObject(1);
    assertThat(modelTurn.getString("role")).isEqualTo("model");
    assertThat(modelTurn.getJsonArray("parts").getJsonObject(0).getString("thoughtSignature"))
        .isEqualTo(r.toolCalls().get(0).thoughtSignature());
    // Same request shape as the recorded one: first turn, system instruction, declarations by name.
    JsonObject recorded = Fixtures.json("gemini/parallel-function-calls-thought-signature.request.json");
    assertThat(next.getJsonArray("contents").getJsonObject(0)).isEqualTo(new JsonObject().put("role", "user")
        .put("parts", new JsonArray().add(new JsonObject().put("text", "go"))));
    assertThat(recorded.getJsonArray("contents").getJsonObject(0).fieldNames())
        .isEqualTo(next.getJsonArray("contents").getJsonObject(0).fieldNames());
    JsonObject declared = next.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0);
    JsonObject recordedDeclared = recorded.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations")
        .getJsonObject(0);
    assertThat(declared.fieldNames()).isEqualTo(recordedDeclared.fieldNames());
    assertThat(declared.getString("name")).isEqualTo(recordedDeclared.getString("name"));
    JsonObject withSystem = new GeminiCodec().encode(new ChatRequest("g", "Use parallel tool calling.",
        List.of(Message.user("x")), List.of(), null, 64));
    assertThat(withSystem.getJsonObject("systemInstruction").getJsonArray("parts"))
        .isEqualTo(recorded.getJsonObject("systemInstruction").getJsonArray("parts"));
  }

  @Test
  void geminiForcedCallUsesModeAnyWithTheAllowedName() {
    JsonObject body = new GeminiCodec().encode(new ChatRequest("g", null, List.of(Message.user("x")), List.of(SECRET_TOOL),
        SECRET_TOOL.name(), 64));
    assertThat(body.getJsonObject("toolConfig")).isEqualTo(new JsonObject().put("functionCallingConfig", new JsonObject()
        .put("mode", "ANY").put("allowedFunctionNames", new JsonArray().add(SECRET_TOOL.name()))));
    ChatReply one = new GeminiCodec().decode(Fixtures.json("gemini/function-call-finish-message.json"));
    assertThat(one.toolCalls()).hasSize(1);
  }

  @Test
  void aReplyOfTheWrongShapeIsABadResponse() {
    assertThatThrownBy(() -> new OpenAiChatCodec(true).decode(Fixtures.json("anthropic-messages/text-then-parallel-tool-use.json")))
        .isInstanceOf(ProviderException.class).hasMessageContaining("choices[0].message");
    assertThatThrownBy(() -> new GeminiCodec().decode(new JsonObject())).isInstanceOf(ProviderException.class);
  }
}
