package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.testing.Eventually;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Submitting jobs through the API and waiting for them, for the job tests. */
final class JobTesting {
  private JobTesting() {}

  static JsonObject envelope(String key, Path repo, List<String> validation, String mode) {
    return new JsonObject().put("ticket", new JsonObject().put("key", key).put("title", "Fix add()")
        .put("description", "add(2, 3) should be 5."))
        .put("repositories", new JsonArray().add(new JsonObject().put("alias", "app").put("path", repo.toString())
            .put("role", "work").put("validationCommands", new JsonArray(validation)).put("validationMode", mode)));
  }

  /** The tool result the worker sent a scripted Chat model for the call made at {@code step}. */
  static String toolResult(dev.mergeloom.worker.testing.ScriptedModel model, int step) {
    JsonObject request = model.requests().stream().filter(r -> r.body().split("mlstep-", -1).length - 1 == step + 1)
        .findFirst().orElseThrow(() -> new AssertionError("no request after step " + step)).json();
    List<JsonObject> tools = request.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> "tool".equals(m.getString("role"))).toList();
    return tools.get(tools.size() - 1).getString("content");
  }

  /** A worker that needs no self-test, with {@code model} as its OpenAI-compatible provider. */
  static TestWorker startWith(dev.mergeloom.worker.testing.ScriptedModel model, Path data) {
    return startWith(model, data, java.util.Map.of());
  }

  /** {@link #startWith(dev.mergeloom.worker.testing.ScriptedModel, Path)} with more variables. */
  static TestWorker startWith(dev.mergeloom.worker.testing.ScriptedModel model, Path data, java.util.Map<String, String> more) {
    java.util.Map<String, String> env = TestWorker.baseEnv(data);
    env.putAll(more);
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    TestWorker worker = TestWorker.start(env);
    Http.Response put = worker.putProvider(model.provider(), model.providerBody("gpt-4.1"));
    if (put.status() != 200) {
      worker.close();
      throw new AssertionError("provider refused: " + put.status() + " " + put.body());
    }
    return worker;
  }

  /** {@link #envelope} for a repository served at {@code url}, with its access token. */
  static JsonObject remoteEnvelope(String key, String url, String token) {
    JsonObject envelope = envelope(key, Path.of("/unused"), List.of(), "off");
    JsonObject repo = envelope.getJsonArray("repositories").getJsonObject(0);
    repo.remove("path");
    repo.put("url", url).put("accessToken", token);
    return envelope;
  }

  static String submit(TestWorker worker, JsonObject envelope) {
    Http.Response answer = worker.http().send(io.vertx.core.http.HttpMethod.POST, "/api/v1/jobs", envelope,
        java.util.Map.of());
    if (answer.status() != 202) {
      throw new AssertionError("job refused: " + answer.status() + " " + answer.body());
    }
    return answer.json().getString("id");
  }

  static JsonObject awaitEnd(TestWorker worker, String id, Duration within) throws InterruptedException {
    return Eventually.value("job " + id + " ended", within, () -> {
      JsonObject job = worker.http().get("/api/v1/jobs/" + id).json();
      String state = job.getString("state");
      return state.equals("queued") || state.equals("running") ? java.util.Optional.empty()
          : java.util.Optional.of(job);
    });
  }
}
