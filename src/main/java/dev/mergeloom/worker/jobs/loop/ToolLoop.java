package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.model.FailureReason;
import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.Message.ToolResult;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One model session (the implementation or a repair pass): ask, run the tools it calls, send the
 * results back, until it calls {@code final_result} or a limit ends it. Each way out has a typed
 * reason. Tool errors go back to the model; only the provider failing ends the loop early.
 */
public final class ToolLoop {
  static final int MAX_OUTPUT_TOKENS = 8_192;

  /** Why a session ended. */
  public enum Exit {
    COMPLETED, BLOCKED, MAX_TURNS, TOKEN_LIMIT, TIMEOUT, PROVIDER_ERROR, CANCELLED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The job's failure for a session that ended other than completed. */
    public FailureReason failure() {
      return switch (this) {
        case BLOCKED -> FailureReason.BLOCKED;
        case MAX_TURNS -> FailureReason.MAX_TURNS;
        case TOKEN_LIMIT -> FailureReason.TOKEN_LIMIT;
        case TIMEOUT -> FailureReason.TIMEOUT;
        case PROVIDER_ERROR -> FailureReason.PROVIDER_ERROR;
        case CANCELLED -> FailureReason.CANCELLED;
        case COMPLETED -> throw new IllegalArgumentException("a completed session is not a failure");
      };
    }
  }

  /** The limits of one session. */
  public record Limits(int maxTurns, long maxTokens, Duration wallTime) {}

  /**
   * How a session ended and what it cost.
   *
   * @param reportedCost dollars the provider itself reported (Claude Code does), or null to estimate
   */
  public record Outcome(Exit exit, String summary, String error, long inputTokens, long outputTokens, int turns,
      int toolCalls, long durationMs, Double reportedCost) {

    public Outcome(Exit exit, String summary, String error, long inputTokens, long outputTokens, int turns,
        int toolCalls, long durationMs) {
      this(exit, summary, error, inputTokens, outputTokens, turns, toolCalls, durationMs, null);
    }
  }

  /** Hooks to the job: events, cancellation. */
  public interface Session {
    void event(String type, JsonObject data);

    /** Completes when the job is cancelled. */
    Future<Void> cancelled();
  }

  private final ProviderClient client;
  private final String model;
  private final String system;
  private final JobTools tools;
  private final Limits limits;
  private final Session session;
  private final String stage;
  private final List<Message> messages = new ArrayList<>();
  private final long started = System.nanoTime();
  private long inputTokens;
  private long outputTokens;
  private int turns;
  private int toolCalls;

  public ToolLoop(ProviderClient client, String model, String system, JobTools tools, Limits limits, Session session,
      String stage) {
    this.client = client;
    this.model = model;
    this.system = system;
    this.tools = tools;
    this.limits = limits;
    this.session = session;
    this.stage = stage;
  }

  public Future<Outcome> run(String task) {
    messages.add(Message.user(task));
    Promise<Outcome> done = Promise.promise();
    turn(done);
    return done.future();
  }

  private void turn(Promise<Outcome> done) {
    if (session.cancelled().isComplete()) {
      done.complete(outcome(Exit.CANCELLED, null, "cancelled"));
      return;
    }
    if (turns >= limits.maxTurns()) {
      done.complete(outcome(Exit.MAX_TURNS, null, "the model did not call " + JobTools.FINAL + " within "
          + limits.maxTurns() + " turns"));
      return;
    }
    if (inputTokens + outputTokens >= limits.maxTokens()) {
      done.complete(outcome(Exit.TOKEN_LIMIT, null, "the session used " + (inputTokens + outputTokens)
          + " tokens, the limit is " + limits.maxTokens()));
      return;
    }
    long left = limits.wallTime().toMillis() - elapsedMs();
    if (left <= 0) {
      done.complete(outcome(Exit.TIMEOUT, null, "the session ran longer than " + limits.wallTime().toSeconds() + " s"));
      return;
    }
    turns++;
    ChatRequest request = new ChatRequest(model, system, List.copyOf(messages), JobTools.specs(), null, MAX_OUTPUT_TOKENS);
    session.event("provider.request", new JsonObject().put("stage", stage).put("turn", turns)
        .put("messages", messages.size()));
    Promise<ChatReply> reply = Promise.promise();
    client.chat(request).onComplete(ar -> {
      if (ar.succeeded()) {
        reply.tryComplete(ar.result());
      } else {
        reply.tryFail(ar.cause());
      }
    });
    session.cancelled().onComplete(v -> reply.tryFail(new CancelledException()));
    reply.future().onComplete(ar -> {
      if (ar.failed()) {
        if (ar.cause() instanceof CancelledException) {
          done.complete(outcome(Exit.CANCELLED, null, "cancelled"));
        } else {
          session.event("provider.error", new JsonObject().put("stage", stage).put("message", ar.cause().getMessage()));
          done.complete(outcome(Exit.PROVIDER_ERROR, null, ar.cause().getMessage()));
        }
        return;
      }
      answered(ar.result(), done);
    });
  }

  private void answered(ChatReply reply, Promise<Outcome> done) {
    inputTokens += reply.usage().inputTokens();
    outputTokens += reply.usage().outputTokens();
    session.event("provider.reply", new JsonObject().put("stage", stage).put("turn", turns)
        .put("text", JobTools.abbreviate(reply.text(), 500))
        .put("refusal", reply.refusal() == null ? null : JobTools.abbreviate(reply.refusal(), 500))
        .put("toolCalls", new JsonArray(reply.toolCalls().stream().map(ToolCall::name).toList()))
        .put("inputTokens", reply.usage().inputTokens()).put("outputTokens", reply.usage().outputTokens()));
    if (reply.empty()) {
      // Nothing to replay: an empty turn sent back is refused by every API but Responses. The
      // model sees what happened as an observation instead.
      messages.add(Message.user("You returned nothing: no text and no tool call. Call a tool to work on the task, "
          + "or call " + JobTools.FINAL + " with status and summary."));
      turn(done);
      return;
    }
    // A refusal is kept in the history as what the model said, so the record and the next turn see it.
    String said = reply.refusal() == null ? reply.text()
        : (reply.text() == null || reply.text().isBlank() ? "" : reply.text() + "\n") + "[refusal] " + reply.refusal();
    messages.add(Message.assistant(said, reply.toolCalls()));
    if (reply.toolCalls().isEmpty()) {
      messages.add(Message.user("Use the tools to work on the task, and call " + JobTools.FINAL
          + " with status and summary when you are done."));
      turn(done);
      return;
    }
    answerCalls(reply.toolCalls(), 0, new ArrayList<>(), null, done);
  }

  /** Answers every call of the reply in order (parallel calls all get a result). */
  private void answerCalls(List<ToolCall> calls, int index, List<ToolResult> results, ToolCall finalCall,
      Promise<Outcome> done) {
    if (index == calls.size()) {
      messages.add(Message.toolResults(results));
      if (finalCall != null) {
        finish(finalCall, done);
      } else {
        turn(done);
      }
      return;
    }
    ToolCall call = calls.get(index);
    toolCalls++;
    session.event("tool.call", new JsonObject().put("stage", stage).put("tool", call.name())
        .put("arguments", JobTools.abbreviate(call.rawArguments(), 500)));
    if (call.name().equals(JobTools.FINAL)) {
      results.add(new ToolResult(call.id(), call.name(), "recorded", false));
      answerCalls(calls, index + 1, results, call, done);
      return;
    }
    tools.execute(call, stage).onComplete(ar -> {
      ToolResult result = ar.result();
      session.event("tool.result", new JsonObject().put("stage", stage).put("tool", call.name())
          .put("error", result.isError()).put("content", JobTools.abbreviate(result.content(), 500)));
      results.add(result);
      answerCalls(calls, index + 1, results, finalCall, done);
    });
  }

  private void finish(ToolCall call, Promise<Outcome> done) {
    JsonObject args = call.arguments();
    String status = args == null ? null : args.getString("status");
    String summary = args == null ? null : args.getString("summary");
    if (!"completed".equals(status) && !"blocked".equals(status) || summary == null || summary.isBlank()) {
      // Malformed final call: tell the model and go on.
      messages.add(Message.user(JobTools.FINAL + " needs status (completed or blocked) and a summary; call it again."));
      turn(done);
      return;
    }
    done.complete(outcome("completed".equals(status) ? Exit.COMPLETED : Exit.BLOCKED, summary, null));
  }

  private Outcome outcome(Exit exit, String summary, String error) {
    return new Outcome(exit, summary, error, inputTokens, outputTokens, turns, toolCalls, elapsedMs());
  }

  private long elapsedMs() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** The job was cancelled while waiting for the provider. */
  static final class CancelledException extends RuntimeException {
    CancelledException() {
      super("cancelled", null, false, false);
    }
  }
}
