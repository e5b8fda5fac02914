package dev.mergeloom.worker.jobs.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.wire.AnthropicCodec;
import dev.mergeloom.worker.provider.wire.GeminiCodec;
import dev.mergeloom.worker.provider.wire.OpenAiChatCodec;
import dev.mergeloom.worker.testing.ProviderSchemas;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop with a fake provider client: an empty reply is an observation for the model, not a
 * turn to replay, and a refusal stays in the history and the events; the next request is one the
 * services accept.
 */
class ToolLoopRepliesTest {
  private static final ChatReply.Usage USAGE = new ChatReply.Usage(10, 2);

  /** Answers the scripted replies in turn and keeps every request. */
  static final class FakeClient implements ProviderClient {
    final List<ChatRequest> requests = new ArrayList<>();
    private final List<ChatReply> replies;

    FakeClient(List<ChatReply> replies) {
      this.replies = replies;
    }

    @Override
    public Future<ChatReply> chat(ChatRequest request) {
      requests.add(request);
      return Future.succeededFuture(replies.get(requests.size() - 1));
    }

    @Override
    public String endpointDescription() {
      return "fake";
    }
  }

  private static ChatReply finalCall() {
    return new ChatReply(null, List.of(new ToolCall("call_f", JobTools.FINAL,
        "{\"status\":\"completed\",\"summary\":\"done\"}", null)), "tool_calls", USAGE, "m");
  }

  /** A session that keeps every event (with its type) and is cancelled when {@code cancelled} completes. */
  static ToolLoop.Session session(List<JsonObject> events, Future<Void> cancelled) {
    return new ToolLoop.Session() {
      @Override
      public void event(String type, JsonObject data) {
        events.add(data.copy().put("type", type));
      }

      @Override
      public Future<Void> cancelled() {
        return cancelled;
      }
    };
  }

  private static ToolLoop.Outcome run(FakeClient client, List<JsonObject> events) {
    // No tool but final_result is called, so the loop needs no workspace tools.
    return new ToolLoop(client, "m", "system", null, new ToolLoop.Limits(10, 100_000, Duration.ofMinutes(1)),
        session(events, io.vertx.core.Promise.<Void>promise().future()), "implementation").run("Fix add()").await();
  }

  @Test
  void anEmptyReplyIsAnObservationAndNeverReplayed() {
    FakeClient client = new FakeClient(List.of(new ChatReply(null, List.of(), "end_turn", USAGE, "m"), finalCall()));
    ToolLoop.Outcome outcome = run(client, new ArrayList<>());
    assertThat(outcome.exit()).isEqualTo(ToolLoop.Exit.COMPLETED);
    List<Message> second = client.requests.get(1).messages();
    assertThat(second).extracting(Message::role).containsExactly(Message.Role.USER, Message.Role.USER);
    assertThat(second.get(1).text()).startsWith("You returned nothing");
    // The next request as each strict wire sends it: one user turn, accepted by the schemas.
    ProviderSchemas.ANTHROPIC_REQUEST.check(new AnthropicCodec(false).encode(client.requests.get(1)));
    ProviderSchemas.GEMINI_REQUEST.check(new GeminiCodec().encode(client.requests.get(1)));
    assertThat(new AnthropicCodec(false).encode(client.requests.get(1)).getJsonArray("messages")).hasSize(1);
    ProviderSchemas.OPENAI_CHAT_REQUEST.check(new OpenAiChatCodec(true).encode(client.requests.get(1)));
  }

  @Test
  void aRefusalStaysInTheHistoryAndTheEvents() {
    ChatReply refused = new ChatReply(null, List.of(), "stop", USAGE, "m", "I can't help with that.");
    FakeClient client = new FakeClient(List.of(refused, finalCall()));
    List<JsonObject> events = new ArrayList<>();
    run(client, events);
    List<Message> second = client.requests.get(1).messages();
    assertThat(second.get(1).role()).isEqualTo(Message.Role.ASSISTANT);
    assertThat(second.get(1).text()).isEqualTo("[refusal] I can't help with that.");
    assertThat(events.stream().filter(e -> "provider.reply".equals(e.getString("type"))).findFirst().orElseThrow()
        .getString("refusal")).isEqualTo("I can't help with that.");
  }
}
