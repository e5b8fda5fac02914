package dev.mergeloom.worker.githosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.testing.FakeForge;
import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git host's token stored once (API, page, or JCA_GIT_CREDENTIALS) serves a job whose envelope
 * has none: clone, push and the review request. Write-only and sealed: the canary token is in no
 * answer, page, record, event, log line or store file, in plain or encoded form.
 */
class GitHostsTest {
  private static final String CANARY = "ghp_canaryGitHostToken0123456789ABCDEF";

  @TempDir Path dir;

  private static List<Step> fix() {
    return List.of(Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n")),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "fixed add")));
  }

  private TestWorker start(ScriptedModel model, Map<String, String> more) {
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    env.putAll(more);
    TestWorker worker = TestWorker.start(env);
    assertThat(worker.putProvider(model.provider(), model.providerBody("gpt-4.1")).status()).isEqualTo(200);
    return worker;
  }

  private static JsonObject envelope(String key, String url, FakeForge forge) {
    return new JsonObject().put("ticket", new JsonObject().put("key", key).put("title", "Fix add()")
        .put("description", "add(2, 3) should be 5.")).put("repositories", new JsonArray().add(new JsonObject()
            .put("url", url).put("role", "work").put("validationMode", "off").put("forge", "github")
            .put("apiUrl", forge.apiUrl())));
  }

  private String served(Path served) throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    Files.createDirectories(served.resolve("acme"));
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("acme/app.git").toString());
    return "acme/app.git";
  }

  private static String host(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  @Test
  void aStoredTokenServesClonePushAndTheRequestAndIsNeverShownOrKeptInTheClear() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    try (GitHttpServer git = new GitHttpServer(served, CANARY);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, CANARY);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, fix()).latency(0);
        LogCapture logs = new LogCapture(false)) {
      String url = git.url(served(served));
      StringBuilder seen = new StringBuilder();
      String id;
      try (TestWorker worker = start(model, Map.of())) {
        Http.Response bad = worker.http().put("/api/v1/git-credentials/https:%2F%2Fgithub.com", new JsonObject()
            .put("token", CANARY));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getJsonObject("error").encode()).contains("host").contains("github.com");
        Http.Response spaced = worker.http().put("/api/v1/git-credentials/github.com", new JsonObject()
            .put("token", "two words"));
        assertThat(spaced.status()).isEqualTo(400);
        assertThat(spaced.json().getJsonObject("error").encode()).contains("token").doesNotContain("two words");

        Http.Response put = worker.http().put("/api/v1/git-credentials/" + host(url), new JsonObject().put("token", CANARY));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().getString("host")).isEqualTo(host(url));
        assertThat(put.json().getBoolean("tokenSet")).isTrue();
        Http.Response list = worker.http().get("/api/v1/git-credentials");
        assertThat(list.json().getJsonArray("hosts")).hasSize(1);
        assertThat(list.json().getBoolean("locked")).isFalse();
        seen.append(put.body()).append(list.body()).append(bad.body()).append(spaced.body());

        id = submit(worker, envelope("HOST-1", url, forge));
        JsonObject job = await(worker, id);
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        assertThat(GitRepos.git(served.resolve("acme/app.git"), "rev-parse", "refs/heads/mergeloom/HOST-1"))
            .isEqualTo(job.getJsonObject("result").getString("commit"));
        assertThat(job.getJsonObject("result").getJsonObject("publish").getJsonObject("reviewRequest")
            .getString("action")).isEqualTo("opened");
        assertThat(forge.requests()).allSatisfy(r -> assertThat(r.headers().get("authorization"))
            .isEqualTo("Bearer " + CANARY));
        seen.append(job.encode()).append(worker.http().get("/api/v1/jobs/" + id + "/events").body())
            .append(worker.http().get("/git-hosts").body()).append(worker.http().get("/audit/" + id).body());
      }
      try (TestWorker restarted = start(model, Map.of())) {
        Http.Response list = restarted.http().get("/api/v1/git-credentials");
        assertThat(list.json().getJsonArray("hosts").getJsonObject(0).getString("host")).as("kept, sealed")
            .isEqualTo(host(url));
        Http.Response gone = restarted.http().send(HttpMethod.DELETE, "/api/v1/git-credentials/" + host(url), null, Map.of());
        assertThat(gone.status()).isEqualTo(204);
        assertThat(restarted.http().get("/api/v1/git-credentials").json().getJsonArray("hosts")).isEmpty();
        JsonObject without = await(restarted, submit(restarted, envelope("HOST-2", url, forge)));
        assertThat(without.getString("state")).as("no token any more: the clone is refused").isEqualTo("failed");
        seen.append(list.body()).append(without.encode());
      }
      seen.append(logs.output());
      byte[] store = Files.readAllBytes(dir.resolve("data/provider-config.db"));
      String basic = Base64.getEncoder().encodeToString(("x-access-token:" + CANARY).getBytes(StandardCharsets.UTF_8));
      String plain = Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8));
      for (String form : List.of(CANARY, basic, plain, CANARY.substring(4, 24))) {
        assertThat(seen.toString()).doesNotContain(form);
        assertThat(new String(store, StandardCharsets.ISO_8859_1)).doesNotContain(form);
      }
      assertThat(forge.problems()).isEmpty();
    }
  }

  @Test
  void theDeploymentsTokensServeJobsAndLockTheUi() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served"));
    try (GitHttpServer git = new GitHttpServer(served, CANARY);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, CANARY);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, fix()).latency(0);
        LogCapture logs = new LogCapture(false)) {
      String url = git.url(served(served));
      try (TestWorker worker = start(model, Map.of("JCA_GIT_CREDENTIALS", "# the forge\n" + host(url) + "=" + CANARY + "\n"))) {
        JsonObject list = worker.http().get("/api/v1/git-credentials").json();
        assertThat(list.getBoolean("locked")).isTrue();
        assertThat(list.getJsonArray("hosts").getJsonObject(0).getString("source")).isEqualTo("deployment");
        Http.Response put = worker.http().put("/api/v1/git-credentials/github.com", new JsonObject().put("token", "x12345"));
        assertThat(put.status()).isEqualTo(409);
        assertThat(put.json().getJsonObject("error").getString("message")).contains("JCA_GIT_CREDENTIALS");
        String page = worker.http().get("/git-hosts").body();
        assertThat(page).contains("set by the deployment").doesNotContain("id=\"git-host-form\"");
        JsonObject job = await(worker, submit(worker, envelope("HOST-3", url, forge)));
        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        assertThat(job.encode() + page + list.encode() + logs.output()).doesNotContain(CANARY);
      }
    }
    assertThatThrownBy(() -> TestWorker.start(Map.of("JCA_WORKER_DATA_DIR", dir.resolve("bad").toString(),
        "JCA_WORKER_PORT", "0", "JCA_GIT_CREDENTIALS", "https://github.com/acme=" + CANARY)))
        .hasMessageContaining("JCA_GIT_CREDENTIALS line 1").hasMessageContaining("is not a host")
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(CANARY));
  }

  private static String submit(TestWorker worker, JsonObject envelope) {
    Http.Response answer = worker.http().send(HttpMethod.POST, "/api/v1/jobs", envelope, Map.of());
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    return answer.json().getString("id");
  }

  private static JsonObject await(TestWorker worker, String id) throws InterruptedException {
    return dev.mergeloom.worker.testing.Eventually.value("job " + id + " ended", Duration.ofSeconds(60), () -> {
      JsonObject job = worker.http().get("/api/v1/jobs/" + id).json();
      return List.of("queued", "running").contains(job.getString("state")) ? java.util.Optional.empty()
          : java.util.Optional.of(job);
    });
  }
}
