package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's network: with hosts on the allowlist, its commands reach exactly those through the
 * worker's egress proxy (over the sandbox's socat bridge and a Unix socket) and nothing else, and
 * every allowed and refused connection is a job event; with none, the same commands reach nothing.
 */
class SandboxNetworkTest {
  @TempDir Path dir;
  private ScriptedModel model;
  private TestWorker worker;
  private com.sun.net.httpserver.HttpServer allowed;
  private com.sun.net.httpserver.HttpServer other;
  private final AtomicInteger otherHits = new AtomicInteger();

  @AfterEach
  void tearDown() {
    if (worker != null) {
      worker.close();
    }
    if (model != null) {
      model.close();
    }
    if (allowed != null) {
      allowed.stop(0);
    }
    if (other != null) {
      other.stop(0);
    }
  }

  private static com.sun.net.httpserver.HttpServer server(String answer, AtomicInteger hits) throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      hits.incrementAndGet();
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static Step run(String... argv) {
    return Step.calls(Call.of("run_command", "argv", new JsonArray(List.of((Object[]) argv))));
  }

  /** A Python one-liner that fetches a URL through whatever proxy the environment names. */
  private static String fetch(String url) {
    return "import urllib.request\ntry:\n print('body=' + urllib.request.urlopen('" + url
        + "', timeout=5).read().decode())\nexcept Exception as e:\n print('failed=' + str(e))";
  }

  private JsonObject job(String key, String allowlist, List<Step> steps) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed (scripts/test.sh installs it)");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed (scripts/test.sh installs it)");
    Path repo = GitRepos.create(dir.resolve("repo-" + key), GitRepos.calculator());
    model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of());
    model.script((step, body) -> step < steps.size() ? steps.get(step)
        : Step.calls(Call.of("final_result", "status", "completed", "summary", "looked around")));
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data-" + key));
    env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
    env.put("JCA_WORKER_SANDBOX_ALLOWED_HOSTS", allowlist);
    worker = TestWorker.start(env);
    Http.Response put = worker.putProvider(model.provider(), model.providerBody("fake-model"));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    String id = JobTesting.submit(worker, JobTesting.envelope(key, repo, List.of(), "off"));
    JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(90));
    assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
    return job;
  }

  @Test
  void anAllowlistedHostIsReachedThroughTheProxyAndAnotherIsRefused() throws Exception {
    AtomicInteger allowedHits = new AtomicInteger();
    allowed = server("allowed-answer", allowedHits);
    other = server("other-answer", otherHits);
    int allowedPort = allowed.getAddress().getPort();
    int otherPort = other.getAddress().getPort();
    JsonObject job = job("NET-1", "127.0.0.1:" + allowedPort + ",pypi.org", List.of(
        run("python3", "-c", fetch("http://127.0.0.1:" + allowedPort + "/simple")),
        run("python3", "-c", fetch("http://127.0.0.1:" + otherPort + "/simple")),
        // Around the proxy: straight to the other port, and to the allowed one.
        run("python3", "-c", "import socket\nfor p in (" + otherPort + ", " + allowedPort + "):\n try:\n"
            + "  socket.create_connection(('127.0.0.1', p), 2); print('connected', p)\n"
            + " except OSError as e:\n  print('refused', p, e)"),
        // CONNECT, as HTTPS clients use it, to a host off the list.
        run("python3", "-c", "import http.client\nc = http.client.HTTPConnection('127.0.0.1', 3128, timeout=5)\n"
            + "c.request('CONNECT', 'example.com:443')\nr = c.getresponse()\nprint('status', r.status, r.read().decode())")));

    assertThat(JobTesting.toolResult(model, 0)).contains("body=allowed-answer");
    assertThat(JobTesting.toolResult(model, 1)).contains("failed=HTTP Error 403");
    assertThat(JobTesting.toolResult(model, 2)).doesNotContain("connected").contains("refused " + otherPort)
        .contains("refused " + allowedPort);
    assertThat(JobTesting.toolResult(model, 3)).contains("status 403").contains("example.com:443 is not on the job's "
        + "network allowlist");
    assertThat(allowedHits.get()).isEqualTo(1);
    assertThat(otherHits.get()).isZero();
    assertThat(job.getJsonObject("result").getJsonObject("network").getMap())
        .isEqualTo(Map.of("allowed", 1, "refused", 2));
    String events = worker.http().get("/api/v1/jobs/" + job.getString("id") + "/events").body();
    assertThat(events).contains("network.proxy").contains("127.0.0.1:" + allowedPort + ",pypi.org")
        .contains("network.allowed").contains("\"port\":" + allowedPort)
        .contains("network.refused").contains("\"port\":" + otherPort).contains("example.com");
    assertThat(worker.http().get("/health").body()).contains("egress proxy</span>").contains("reach the hosts of their network allowlist");
    assertThat(worker.http().get("/audit/" + job.getString("id")).body()).contains("1 connections allowed · 2 refused");
  }

  @Test
  void withoutAnAllowlistJobCommandsHaveNoNetworkAtAll() throws Exception {
    other = server("other-answer", otherHits);
    int port = other.getAddress().getPort();
    JsonObject job = job("NET-2", "", List.of(
        run("python3", "-c", fetch("http://127.0.0.1:" + port + "/")),
        run("python3", "-c", "import os; print('proxy=' + str(os.environ.get('HTTPS_PROXY')))")));
    assertThat(JobTesting.toolResult(model, 0)).contains("failed=").doesNotContain("body=");
    assertThat(JobTesting.toolResult(model, 1)).contains("proxy=None");
    assertThat(otherHits.get()).isZero();
    assertThat(job.getJsonObject("result").containsKey("network")).isFalse();
  }

  @Test
  void aBadAllowlistEntryIsRefusedNamingTheSettingAndTheEntry() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed (scripts/test.sh installs it)");
    worker = TestWorker.start(TestWorker.baseEnv(dir.resolve("data-bad")));
    Http.Response bad = worker.http().send(io.vertx.core.http.HttpMethod.PUT, "/api/v1/runtime-config",
        new JsonObject().put("networkAllowlist", new JsonArray().add("pypi.org").add("http://evil/")), Map.of());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("networkAllowlist").contains("'http://evil/' is not a host");
    Http.Response good = worker.http().send(io.vertx.core.http.HttpMethod.PUT, "/api/v1/runtime-config",
        new JsonObject().put("networkAllowlist", new JsonArray().add("PyPI.org").add("*.pythonhosted.org:*")), Map.of());
    assertThat(good.status()).as(good.body()).isEqualTo(200);
    assertThat(worker.http().get("/api/v1/runtime-config").body()).contains("[\"pypi.org\",\"*.pythonhosted.org:*\"]");
  }
}
