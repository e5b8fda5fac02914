package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health checks, Prometheus metrics, and the start-up line. */
class HealthAndMetricsTest {
  @TempDir Path dir;

  @Test
  void healthzAndReadyzReportEachCheck() {
    try (TestWorker w = TestWorker.start(dir)) {
      for (String path : new String[] {"/healthz", "/readyz"}) {
        Http.Response r = w.http().get(path);
        assertThat(r.status()).isEqualTo(200);
        JsonObject body = r.json();
        assertThat(body.getString("outcome")).isEqualTo("UP");
        assertThat(body.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
            .containsExactlyInAnyOrder("store", "config");
      }
    }
  }

  @Test
  void aStoreThatCannotBeWrittenMakesTheWorkerNotReady() {
    try (TestWorker w = TestWorker.start(dir)) {
      w.worker().context().runtimeStore().database().close().await();
      Http.Response r = w.http().get("/readyz");
      assertThat(r.status()).as(r.body()).isEqualTo(503);
      JsonObject store = r.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
          .filter(c -> c.getString("id").equals("store")).findFirst().orElseThrow();
      assertThat(store.getString("status")).isEqualTo("DOWN");
      assertThat(store.getJsonObject("data").getString("reason")).startsWith("the store cannot be written");
    }
  }

  @Test
  void metricsArePrometheusTextWithVertxAndWorkerSeries() {
    try (TestWorker w = TestWorker.start(dir)) {
      w.http().get("/api/v1/providers");
      Http.Response r = w.http().get("/metrics");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("Content-Type")).startsWith("text/plain");
      assertThat(r.body()).contains("vertx_http_server_requests_total").contains("mergeloom_worker_up{role=\"standalone\"")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void startupLogsOneLineWithRoleAddressModesAndDataDir() {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.put("JCA_WORKER_ROLE", "gateway");
    env.put("JCA_PROVIDER_CONFIG_MODE", "provisioned");
    try (LogCapture log = new LogCapture(false); TestWorker w = TestWorker.start(env)) {
      assertThat(log.output()).contains("started: role=gateway address=http://127.0.0.1:" + w.port()
          + " providerConfigMode=provisioned runtimeConfigMode=ui dataDir=" + dir.toAbsolutePath());
      assertThat(w.http().get("/api/v1/worker").json().getString("role")).isEqualTo("gateway");
    }
  }

  @Test
  void jsonLogFormatWritesOneJsonObjectPerLine() {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.put("JCA_WORKER_LOG_FORMAT", "json");
    try (LogCapture log = new LogCapture(true); TestWorker w = TestWorker.start(env)) {
      String line = log.output().lines().filter(l -> l.contains("started: role=")).findFirst().orElseThrow();
      JsonObject json = new JsonObject(line);
      assertThat(json.getString("level")).isEqualTo("INFO");
      assertThat(json.getString("formattedMessage")).contains("role=standalone");
    }
  }
}
