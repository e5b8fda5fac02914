package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host allow-list, Origin check, security headers and the UI token (contract §4). */
class LocalSurfaceSecurityTest {
  private static final String TOKEN = "ui-token-for-tests-0123456789";
  @TempDir Path dir;

  private TestWorker start(Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.putAll(extra);
    return TestWorker.start(env);
  }

  @Test
  void foreignHostIsRefusedButLoopbackAllowedAndProbesExempt() {
    try (TestWorker w = start(Map.of("JCA_WORKER_UI_ALLOWED_HOSTS", "worker.internal, Other.Example"))) {
      Http.Response evil = w.http().get("/api/v1/providers", Map.of("Host", "attacker.example:8010"));
      assertThat(evil.status()).isEqualTo(403);
      assertThat(evil.json().getJsonObject("error").getString("code")).isEqualTo("host_not_allowed");
      assertThat(w.http().get("/api/v1/providers", Map.of("Host", "localhost:8010")).status()).isEqualTo(200);
      assertThat(w.http().get("/api/v1/providers", Map.of("Host", "[::1]:8010")).status()).isEqualTo(200);
      assertThat(w.http().get("/api/v1/providers", Map.of("Host", "worker.internal:8010")).status()).isEqualTo(200);
      assertThat(w.http().get("/api/v1/providers", Map.of("Host", "other.example")).status()).isEqualTo(200);
      // kubelet probes and Prometheus come by pod IP.
      assertThat(w.http().get("/healthz", Map.of("Host", "10.1.2.3:8010")).status()).isEqualTo(200);
      assertThat(w.http().get("/metrics", Map.of("Host", "10.1.2.3:8010")).status()).isEqualTo(200);
    }
  }

  @Test
  void crossOriginStateChangesAreRefused() {
    try (TestWorker w = start(Map.of())) {
      JsonObject body = new JsonObject().put("authMethod", "cli_login");
      String self = "http://127.0.0.1:" + w.port();
      Http.Response cross = w.http().put("/api/v1/providers/codex-cli", body, Map.of("Origin", "http://attacker.example"));
      assertThat(cross.status()).isEqualTo(403);
      assertThat(cross.json().getJsonObject("error").getString("code")).isEqualTo("cross_origin");
      assertThat(w.http().put("/api/v1/providers/codex-cli", body, Map.of("Origin", "null")).status()).isEqualTo(403);
      assertThat(w.http().put("/api/v1/providers/codex-cli", body, Map.of("Sec-Fetch-Site", "cross-site")).status()).isEqualTo(403);
      assertThat(w.http().send(HttpMethod.DELETE, "/api/v1/providers/codex-cli", null, Map.of("Origin", "http://127.0.0.1:1")).status())
          .isEqualTo(403);

      assertThat(w.http().put("/api/v1/providers/codex-cli", body, Map.of("Origin", self)).status()).isEqualTo(200);
      assertThat(w.http().put("/api/v1/providers/codex-cli", body, Map.of("Sec-Fetch-Site", "same-origin")).status()).isEqualTo(200);
      assertThat(w.http().put("/api/v1/providers/codex-cli", body).status()).isEqualTo(200); // curl
      // Reads are never blocked by Origin (the browser's same-origin policy hides the answer).
      assertThat(w.http().get("/api/v1/providers", Map.of("Origin", "http://attacker.example")).status()).isEqualTo(200);
    }
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    try (TestWorker w = start(Map.of())) {
      for (String path : new String[] {"/", "/api/v1/providers", "/healthz", "/no-such-page"}) {
        Http.Response r = w.http().get(path);
        assertThat(r.headers().get("Content-Security-Policy")).as(path).contains("default-src 'self'")
            .contains("frame-ancestors 'none'").contains("object-src 'none'");
        assertThat(r.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.headers().get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.headers().get("Referrer-Policy")).isEqualTo("same-origin");
      }
      Http.Response missing = w.http().get("/no-such-page");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().getJsonObject("error").getString("code")).isEqualTo("not_found");
    }
  }

  @Test
  void uiTokenIsRequiredWhenConfiguredExceptForProbes() {
    try (TestWorker w = start(Map.of("JCA_WORKER_UI_TOKEN", TOKEN))) {
      Http.Response anonymous = w.http().get("/api/v1/providers");
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.json().getJsonObject("error").getString("code")).isEqualTo("token_required");
      assertThat(w.http().get("/api/v1/providers", Map.of("Authorization", "Bearer wrong-token-0000000000")).status())
          .isEqualTo(401);
      assertThat(w.http().get("/api/v1/providers", Map.of("Authorization", "Bearer " + TOKEN)).status()).isEqualTo(200);
      assertThat(w.http().get("/healthz").status()).isEqualTo(200);
      assertThat(w.http().get("/readyz").status()).isEqualTo(200);

      Http.Response link = w.http().get("/?token=" + TOKEN);
      assertThat(link.status()).isEqualTo(302);
      assertThat(link.headers().get("Location")).isEqualTo("/");
      String cookie = link.headers().get("Set-Cookie");
      assertThat(cookie).startsWith(LocalSurfaceGuard.TOKEN_COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
      String pair = cookie.substring(0, cookie.indexOf(';'));
      assertThat(w.http().get("/api/v1/providers", Map.of("Cookie", pair)).status()).isEqualTo(200);
      assertThat(w.http().get("/?token=wrong-token-0000000000").status()).isEqualTo(401);
    }
  }

  @Test
  void nonLoopbackBindWithoutTokenRefusesToStart() {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.put("JCA_WORKER_HOST", "0.0.0.0");
    var failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> TestWorker.start(env));
    assertThat(failure).hasMessageContaining("JCA_WORKER_UI_TOKEN: required because JCA_WORKER_HOST=0.0.0.0");
  }
}
