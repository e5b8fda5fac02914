package dev.mergeloom.worker.selftest;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.ToolSpec;
import dev.mergeloom.worker.provider.clients.Providers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One self-test (contract §2.4): one request with one tool and the provider's native way of
 * forcing it; it passes only when the reply calls that tool with arguments matching its schema.
 * Every check is named in the result, with the provider's own error when one failed.
 */
final class SelfTestRun {
  static final ToolSpec TOOL = new ToolSpec("report_status",
      "Report that the connection works. Always call this tool.",
      new JsonObject().put("type", "object")
          .put("properties", new JsonObject()
              .put("status", new JsonObject().put("type", "string").put("enum", new JsonArray().add("ok")))
              .put("message", new JsonObject().put("type", "string")))
          .put("required", new JsonArray().add("status")));
  static final String PROMPT = "This is an automated connectivity self-test. Call the report_status tool with "
      + "status \"ok\" and a short message. Do not answer with text.";
  private static final int MAX_TOKENS = 1024;

  private final JsonArray checks = new JsonArray();
  private final long started = System.nanoTime();
  private final ResolvedProvider provider;
  private final String model;
  /** What a job's first turn declares, with the probe tool among them (forced). */
  private final List<ToolSpec> tools;

  /**
   * @param jobTools the tools a job declares: the self-test declares the same, with the same
   *     schemas and encoding, so an endpoint that refuses any of them fails here and not in a job
   */
  SelfTestRun(ResolvedProvider provider, List<ToolSpec> jobTools) {
    this.provider = provider;
    this.tools = declared(jobTools);
    this.model = provider.value(Fields.MODEL) != null ? provider.value(Fields.MODEL) : provider.value(Fields.ENDPOINT_URL);
  }

  /**
   * @param call makes the run's one call when it gets that far; a failure to build the client is
   *     the credentials step's
   */
  Future<JsonObject> run(java.util.function.Function<ChatRequest, Future<Providers.Answer>> call) {
    if (!provider.missing().isEmpty()) {
      check("config", false, "missing for auth method " + provider.authMethod().value() + ": "
          + String.join(", ", provider.missing()));
      skip("credentials", "reachable", "tool_call", "arguments");
      return Future.succeededFuture(finish("config_incomplete", "The configuration is incomplete: set "
          + String.join(", ", provider.missing()) + " first."));
    }
    check("config", true, "auth method " + provider.authMethod().value());
    Future<Providers.Answer> answered;
    try {
      answered = call.apply(request(provider.value(Fields.MODEL), tools));
    } catch (RuntimeException e) {
      answered = Future.failedFuture(e);
    }
    return answered.map(answer -> {
      if (answer.failure() != null) {
        return failed(answer.failure(), answer.endpoint());
      }
      try {
        return judge(answer.reply());
      } catch (RuntimeException e) {
        return failed(e, answer.endpoint());
      }
    }).recover(e -> {
      check("credentials", false, e.getMessage());
      skip("reachable", "tool_call", "arguments");
      return Future.succeededFuture(finish("credentials_failed", "Could not prepare the client: " + e.getMessage()));
    });
  }

  /** The job's tools with the probe among them: what a self-test declares. */
  static List<ToolSpec> declared(List<ToolSpec> jobTools) {
    List<ToolSpec> all = new java.util.ArrayList<>(jobTools);
    all.add(TOOL);
    return List.copyOf(all);
  }

  /** The one request of a self-test: the prompt, every declared tool, the probe forced. */
  static ChatRequest request(String model, List<ToolSpec> tools) {
    return new ChatRequest(model, null, List.of(Message.user(PROMPT)), tools, TOOL.name(), MAX_TOKENS);
  }

  private JsonObject judge(ChatReply reply) {
    check("credentials", true, "accepted");
    check("reachable", true, "answered");
    Optional<ToolCall> call = reply.toolCalls().stream().filter(c -> TOOL.name().equals(c.name())).findFirst();
    if (call.isEmpty()) {
      if (!reply.toolCalls().isEmpty()) {
        String other = reply.toolCalls().get(0).name();
        check("tool_call", false, "called '" + other + "'");
        skip("arguments");
        return finish("wrong_tool", "The model called '" + other + "' instead of the forced tool '" + TOOL.name()
            + "': it does not honour a forced tool choice.");
      }
      if (reply.refusal() != null) {
        check("tool_call", false, "refused");
        skip("arguments");
        return finish("refused", "The model refused to call the tool: \"" + quote(reply.refusal()) + "\".");
      }
      String text = reply.text() == null ? "" : reply.text().strip();
      check("tool_call", false, text.isEmpty() ? "no call and no text" : "answered with text");
      skip("arguments");
      return text.isEmpty()
          ? finish("no_tool_call", "The model returned neither a tool call nor text (stop reason: " + reply.stopReason() + ").")
          : finish("no_tool_call", "The model answered with text instead of calling the tool: \"" + quote(text)
              + "\". It ignored the forced tool choice; use a model with tool calling, or enable tool calling on the server.");
    }
    check("tool_call", true, TOOL.name());
    JsonObject args = call.get().arguments();
    if (args == null) {
      check("arguments", false, "not a JSON object");
      return finish("invalid_arguments", "The tool call's arguments are not a JSON object: \""
          + quote(String.valueOf(call.get().rawArguments())) + "\".");
    }
    List<String> problems = ArgumentCheck.problems(TOOL.parameters(), args);
    if (!problems.isEmpty()) {
      check("arguments", false, String.join("; ", problems));
      return finish("invalid_arguments", "The tool call's arguments do not match the tool's schema: "
          + String.join("; ", problems) + ".");
    }
    check("arguments", true, args.encode());
    return finish(null, null);
  }

  private JsonObject failed(Throwable failure, String endpoint) {
    ProviderException e = failure instanceof ProviderException p ? p
        : new ProviderException(Kind.BAD_RESPONSE, failure.getClass().getSimpleName() + ": " + failure.getMessage());
    switch (e.kind()) {
      case CREDENTIALS -> {
        check("credentials", false, e.getMessage());
        skip("reachable", "tool_call", "arguments");
      }
      case UNREACHABLE, TIMEOUT -> {
        check("credentials", true, "obtained");
        check("reachable", false, e.getMessage());
        skip("tool_call", "arguments");
      }
      case AUTH -> {
        check("credentials", false, e.getMessage());
        check("reachable", true, "answered");
        skip("tool_call", "arguments");
      }
      default -> {
        check("credentials", true, "accepted");
        check("reachable", true, "answered");
        check("tool_call", false, e.getMessage());
        skip("arguments");
      }
    }
    FailureExplanations.Explained explained = FailureExplanations.of(e, endpoint);
    return finish(explained.code(), explained.message());
  }

  private JsonObject finish(String errorCode, String message) {
    JsonObject result = new JsonObject()
        .put("status", errorCode == null ? "passed" : "failed")
        .put("provider", provider.spec().id())
        .put("model", model)
        .put("latencyMs", (System.nanoTime() - started) / 1_000_000)
        .put("toolsDeclared", tools.size())
        .put("checkedAt", Instant.now().toString())
        .put("checks", checks);
    if (errorCode != null) {
      result.put("error", new JsonObject().put("code", errorCode).put("message", message));
    }
    return result;
  }

  private void check(String name, boolean passed, String detail) {
    checks.add(new JsonObject().put("name", name).put("status", passed ? "passed" : "failed").put("detail", detail));
  }

  private void skip(String... names) {
    for (String name : names) {
      checks.add(new JsonObject().put("name", name).put("status", "skipped").put("detail", null));
    }
  }

  private static String quote(String text) {
    String one = text.replaceAll("\\s+", " ");
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
