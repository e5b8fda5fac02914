package dev.mergeloom.worker.jobs.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * How a session ends, with a fake provider client and no workspace: the turn and token limits,
 * a provider failure, a cancel during a request, and the model's own completed or blocked answer,
 * each with the turns and tokens it used.
 */
class ToolLoopLimitsTest {
  private static final ChatReply.Usage USAGE = new ChatReply.Usage(10, 2);
  private final List<ChatRequest> requests = new ArrayList<>();
  private final List<JsonObject> events = new ArrayList<>();
  private final Promise<Void> cancel = Promise.promise();

  /** A client that answers each request with what {@code answer} gives for the turn (1, 2, …). */
  private ProviderClient client(Function<Integer, Future<ChatReply>> answer) {
    return new ProviderClient() {
      @Override
      public Future<ChatReply> chat(ChatRequest request) {
        requests.add(request);
        return answer.apply(requests.size());
      }

      @Override
      public String endpointDescription() {
        return "fake";
      }
    };
  }

  private ToolLoop.Outcome run(ProviderClient client, ToolLoop.Limits limits) {
    return new ToolLoop(client, "m", "system", null, limits, ToolLoopRepliesTest.session(events, cancel.future()),
        "implementation").run("Fix add()").await();
  }

  private static Future<ChatReply> text(String words) {
    return Future.succeededFuture(new ChatReply(words, List.of(), "end_turn", USAGE, "m"));
  }

  private static Future<ChatReply> finalResult(String status, String summary) {
    return Future.succeededFuture(new ChatReply(null, List.of(new ToolCall("call_f", JobTools.FINAL,
        new JsonObject().put("status", status).put("summary", summary).encode(), null)), "tool_calls", USAGE, "m"));
  }

  @Test
  void aModelThatNeverCallsFinalResultEndsAtTheTurnLimit() {
    ToolLoop.Outcome outcome = run(client(turn -> text("still thinking")),
        new ToolLoop.Limits(3, 1_000_000, Duration.ofMinutes(1)));
    assertThat(outcome.exit()).isEqualTo(ToolLoop.Exit.MAX_TURNS);
    assertThat(outcome.error()).contains("within 3 turns");
    assertThat(outcome.turns()).isEqualTo(3);
    assertThat(requests).hasSize(3);
    assertThat(outcome.inputTokens()).isEqualTo(30);
    assertThat(outcome.outputTokens()).isEqualTo(6);
  }

  @Test
  void theSessionStopsBeforeTheTurnThatWouldStartPastItsTokens() {
    ToolLoop.Outcome outcome = run(client(turn -> text("more")), new ToolLoop.Limits(50, 25, Duration.ofMinutes(1)));
    assertThat(outcome.exit()).isEqualTo(ToolLoop.Exit.TOKEN_LIMIT);
    assertThat(outcome.error()).contains("used 36 tokens, the limit is 25");
    assertThat(requests).hasSize(3);
  }

  @Test
  void aProviderFailureEndsTheSessionWithItsMessageInTheEvents() {
    ToolLoop.Outcome outcome = run(client(turn -> turn == 1 ? text("looking")
        : Future.failedFuture(new IllegalStateException("overloaded_error: try again later"))),
        new ToolLoop.Limits(10, 1_000_000, Duration.ofMinutes(1)));
    assertThat(outcome.exit()).isEqualTo(ToolLoop.Exit.PROVIDER_ERROR);
    assertThat(outcome.error()).isEqualTo("overloaded_error: try again later");
    assertThat(outcome.turns()).isEqualTo(2);
    assertThat(events).anySatisfy(e -> assertThat(e.getString("type")).isEqualTo("provider.error"));
  }

  @Test
  void aCancelDuringARequestEndsTheSessionWithoutWaitingForTheReply() {
    Promise<ChatReply> never = Promise.promise();
    ProviderClient client = client(turn -> {
      cancel.tryComplete();
      return never.future();
    });
    ToolLoop.Outcome outcome = run(client, new ToolLoop.Limits(10, 1_000_000, Duration.ofMinutes(1)));
    assertThat(outcome.exit()).isEqualTo(ToolLoop.Exit.CANCELLED);
    assertThat(never.future().isComplete()).as("the reply never came").isFalse();
  }

  @Test
  void theModelsOwnAnswerEndsItCompletedOrBlockedWithTheSummary() {
    ToolLoop.Outcome done = run(client(turn -> turn == 1 ? text("reading") : finalResult("completed", "add() adds")),
        new ToolLoop.Limits(10, 1_000_000, Duration.ofMinutes(1)));
    assertThat(done.exit()).isEqualTo(ToolLoop.Exit.COMPLETED);
    assertThat(done.summary()).isEqualTo("add() adds");
    assertThat(done.turns()).isEqualTo(2);
    assertThat(done.toolCalls()).isEqualTo(1);
    requests.clear();
    ToolLoop.Outcome blocked = run(client(turn -> finalResult("blocked", "the ticket names no file")),
        new ToolLoop.Limits(10, 1_000_000, Duration.ofMinutes(1)));
    assertThat(blocked.exit()).isEqualTo(ToolLoop.Exit.BLOCKED);
    assertThat(blocked.summary()).isEqualTo("the ticket names no file");
  }
}
