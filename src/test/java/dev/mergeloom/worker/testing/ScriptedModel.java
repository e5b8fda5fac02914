package dev.mergeloom.worker.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A fake model that plays a script, one step per request, in any wire format. The step is found
 * from the conversation itself: every reply carries a marker {@code mlstep-N} in its text, which
 * the worker sends back in the history, so concurrent jobs on one fake each get their own next
 * step. Optional latency per reply.
 */
public final class ScriptedModel implements AutoCloseable {
  private final FakeProvider server = new FakeProvider();
  private final WireFake wire;
  private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.function.BiFunction<Integer, String, Step> script;
  private volatile long latencyMs;

  /** One tool call of a step; {@code raw} replaces the arguments where the wire sends them as text. */
  public record Call(String name, JsonObject args, String raw) {
    public static Call of(String name, Object... keyValues) {
      JsonObject args = new JsonObject();
      for (int i = 0; i < keyValues.length; i += 2) {
        args.put((String) keyValues[i], keyValues[i + 1]);
      }
      return new Call(name, args, null);
    }

    /** Arguments that are not JSON (OpenAI wires carry them as a string). */
    public static Call raw(String name, String raw) {
      return new Call(name, new JsonObject(), raw);
    }

    String text() {
      return raw != null ? raw : args.encode();
    }
  }

  /** What the model says and calls in one turn. */
  public record Step(String text, List<Call> calls) {
    public static Step calls(Call... calls) {
      return new Step("working", List.of(calls));
    }
  }

  public ScriptedModel(WireFake wire, List<Step> steps) {
    this.wire = wire;
    this.script = (n, body) -> n < steps.size() ? steps.get(n) : new Step("nothing more to do", List.of());
    server.afterReply(inFlight::decrementAndGet);
    server.respond(r -> {
      if (r.path().equals("/token")) {
        inFlight.incrementAndGet();
        return FakeProvider.Reply.json(200, "{\"access_token\":\"ya29.fake-token\",\"expires_in\":3600}");
      }
      int step = count(r.body(), "mlstep-");
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return FakeProvider.Reply.json(200, encode(step, script.apply(step, r.body()))).after(latencyMs);
    });
  }

  public ScriptedModel latency(long ms) {
    this.latencyMs = ms;
    return this;
  }

  /** The step to play for the request with this many earlier replies, given the request's body. */
  public ScriptedModel script(java.util.function.BiFunction<Integer, String, Step> script) {
    this.script = script;
    return this;
  }

  /** The most requests this fake held at once (each is counted until its reply is scheduled). */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  public String url() {
    return server.url();
  }

  public List<FakeProvider.Recorded> requests() {
    return server.requests().stream().filter(r -> !r.path().equals("/token")).toList();
  }

  private static int count(String body, String marker) {
    int n = 0;
    for (int i = body.indexOf(marker); i >= 0; i = body.indexOf(marker, i + 1)) {
      n++;
    }
    return n;
  }

  /** The reply for step {@code step} in this wire format (public for the benchmark's own fake). */
  public String encode(int step, Step s) {
    String text = s.text() + " mlstep-" + step;
    List<Call> calls = s.calls();
    return switch (wire) {
      case OPENAI_CHAT -> {
        JsonObject message = new JsonObject().put("role", "assistant").put("content", text);
        if (!calls.isEmpty()) {
          JsonArray toolCalls = new JsonArray();
          for (int i = 0; i < calls.size(); i++) {
            toolCalls.add(new JsonObject().put("id", "call_" + step + "_" + i).put("type", "function")
                .put("function", new JsonObject().put("name", calls.get(i).name()).put("arguments", calls.get(i).text())));
          }
          message.put("tool_calls", toolCalls);
        }
        yield new JsonObject().put("id", "chatcmpl-" + step).put("object", "chat.completion").put("model", "fake-model")
            .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                .put("finish_reason", calls.isEmpty() ? "stop" : "tool_calls").put("message", message)))
            .put("usage", new JsonObject().put("prompt_tokens", 100).put("completion_tokens", 20)).encode();
      }
      case RESPONSES -> {
        JsonArray output = new JsonArray().add(new JsonObject().put("type", "message").put("role", "assistant")
            .put("content", new JsonArray().add(new JsonObject().put("type", "output_text").put("text", text))));
        for (int i = 0; i < calls.size(); i++) {
          output.add(new JsonObject().put("type", "function_call").put("id", "fc_" + step + "_" + i)
              .put("call_id", "call_" + step + "_" + i).put("name", calls.get(i).name())
              .put("arguments", calls.get(i).text()).put("status", "completed"));
        }
        yield new JsonObject().put("id", "resp_" + step).put("object", "response").put("status", "completed")
            .put("model", "fake-model").put("output", output)
            .put("usage", new JsonObject().put("input_tokens", 100).put("output_tokens", 20)).encode();
      }
      case ANTHROPIC -> {
        JsonArray content = new JsonArray().add(new JsonObject().put("type", "text").put("text", text));
        for (int i = 0; i < calls.size(); i++) {
          content.add(new JsonObject().put("type", "tool_use").put("id", "toolu_" + step + "_" + i)
              .put("name", calls.get(i).name()).put("input", calls.get(i).args()));
        }
        yield new JsonObject().put("id", "msg_" + step).put("type", "message").put("role", "assistant")
            .put("model", "fake").put("content", content).put("stop_reason", calls.isEmpty() ? "end_turn" : "tool_use")
            .put("usage", new JsonObject().put("input_tokens", 100).put("output_tokens", 20)).encode();
      }
      case GEMINI -> {
        JsonArray parts = new JsonArray().add(new JsonObject().put("text", text));
        for (int i = 0; i < calls.size(); i++) {
          parts.add(new JsonObject().put("functionCall", new JsonObject().put("name", calls.get(i).name())
              .put("args", calls.get(i).args())).put("thoughtSignature", "sig-" + step + "-" + i));
        }
        yield new JsonObject().put("candidates", new JsonArray().add(new JsonObject().put("finishReason", "STOP")
            .put("content", new JsonObject().put("role", "model").put("parts", parts))))
            .put("usageMetadata", new JsonObject().put("promptTokenCount", 100).put("candidatesTokenCount", 20)).encode();
      }
      case BEDROCK -> {
        JsonArray content = new JsonArray().add(new JsonObject().put("text", text));
        for (int i = 0; i < calls.size(); i++) {
          content.add(new JsonObject().put("toolUse", new JsonObject().put("toolUseId", "tooluse_" + step + "_" + i)
              .put("name", calls.get(i).name()).put("input", calls.get(i).args())));
        }
        yield new JsonObject().put("output", new JsonObject().put("message", new JsonObject().put("role", "assistant")
            .put("content", content))).put("stopReason", calls.isEmpty() ? "end_turn" : "tool_use")
            .put("usage", new JsonObject().put("inputTokens", 100).put("outputTokens", 20).put("totalTokens", 120))
            .put("metrics", new JsonObject().put("latencyMs", 5)).encode();
      }
    };
  }

  /** The provider settings that point {@code provider} at this fake. */
  public JsonObject providerBody(String model) {
    String url = url();
    return switch (wire) {
      case OPENAI_CHAT -> new JsonObject().put("authMethod", "none").put("fields", new JsonObject()
          .put("baseUrl", url + "/v1").put("model", model));
      case RESPONSES, ANTHROPIC -> new JsonObject().put("authMethod", "api_key").put("fields", new JsonObject()
          .put("baseUrl", wire == WireFake.RESPONSES ? url + "/v1" : url).put("model", model)
          .put("apiKey", "sk-job-test-key-0123456789"));
      case GEMINI -> new JsonObject().put("authMethod", "access_token").put("fields", new JsonObject()
          .put("endpointMode", "raw-endpoint").put("accessToken", "ya29.job-test-token")
          .put("endpointUrl", url + "/v1/projects/p/locations/global/publishers/google/models/" + model + ":generateContent")
          .put("model", model));
      case BEDROCK -> new JsonObject().put("authMethod", "static_keys").put("fields", new JsonObject()
          .put("region", "us-east-1").put("model", model).put("endpointUrl", url).put("accessKeyId", "AKIDJOBTEST000")
          .put("secretAccessKey", "job-test-secret-access-key-000"));
    };
  }

  /** The provider id that speaks this wire. */
  public String provider() {
    return switch (wire) {
      case OPENAI_CHAT -> "openai-compatible";
      case RESPONSES -> "codex-api";
      case ANTHROPIC -> "claude-api";
      case GEMINI -> "vertex-ai";
      case BEDROCK -> "aws-bedrock";
    };
  }

  @Override
  public void close() {
    server.close();
  }
}
