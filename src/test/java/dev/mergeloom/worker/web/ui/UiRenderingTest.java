package dev.mergeloom.worker.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages as the server renders them, and the forms posted without a browser or JavaScript. */
class UiRenderingTest {
  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  @TempDir Path dir;

  private TestWorker start(Map<String, String> extra) {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.putAll(extra);
    return TestWorker.start(env);
  }

  /** GETs a page and returns the cookie header and CSRF token a browser would then hold. */
  private static String[] session(TestWorker w, String path) {
    Http.Response page = w.http().get(path);
    String cookie = page.headers().get("Set-Cookie");
    Matcher m = CSRF.matcher(page.body());
    assertThat(m.find()).isTrue();
    return new String[] {cookie.substring(0, cookie.indexOf(';')), m.group(1)};
  }

  private static Http.Response post(TestWorker w, String path, String cookie, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/x-www-form-urlencoded");
    if (cookie != null) {
      headers.put("Cookie", cookie);
    }
    return w.http().send(HttpMethod.POST, path, body, headers);
  }

  @Test
  void homeShowsIdentityModesAndReadinessAndEscapesText() {
    try (TestWorker w = start(Map.of("JCA_WORKER_NAME", "<script>alert(1)</script>", "JCA_WORKER_TENANT_SLUG", "acme"))) {
      String html = w.http().get("/").body();
      assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert(1)");
      assertThat(html).contains("<dd>standalone</dd>").contains("<dd>acme</dd>").contains("0 of 8 configured")
          .contains("href=\"/providers\"");
    }
  }

  @Test
  void providerPageWithoutJavaScriptShowsTheFieldsOfTheRequestedAuthMethod() {
    try (TestWorker w = start(Map.of())) {
      String html = w.http().get("/providers/aws-bedrock?authMethod=profile").body();
      assertThat(row(html, "profile")).doesNotContain(" hidden");
      assertThat(row(html, "accessKeyId")).contains(" hidden");
      assertThat(html).contains("formmethod=\"get\""); // the no-JavaScript "Show fields" button
      String defaults = w.http().get("/providers/aws-bedrock").body();
      assertThat(row(defaults, "profile")).contains(" hidden");
    }
  }

  private static String row(String html, String key) {
    int start = html.indexOf("data-field=\"" + key + "\"");
    return html.substring(start, html.indexOf('>', start));
  }

  @Test
  void formPostsNeedTheCsrfTokenOfTheirCookie() {
    try (TestWorker w = start(Map.of())) {
      String[] s = session(w, "/providers/codex-api");
      Map<String, String> form = Map.of("field.model", "gpt-5-codex", "field.apiKey", "sk-test-form-000111222");
      assertThat(post(w, "/providers/codex-api", s[0], form).status()).isEqualTo(403);
      Map<String, String> wrong = new LinkedHashMap<>(form);
      wrong.put("_csrf", "not-the-token-0000000000000000000000000");
      assertThat(post(w, "/providers/codex-api", s[0], wrong).status()).isEqualTo(403);
      Map<String, String> noCookie = new LinkedHashMap<>(form);
      noCookie.put("_csrf", s[1]);
      assertThat(post(w, "/providers/codex-api", null, noCookie).status()).isEqualTo(403);

      Http.Response ok = post(w, "/providers/codex-api", s[0], noCookie);
      assertThat(ok.status()).isEqualTo(303);
      assertThat(ok.headers().get("Location")).isEqualTo("/providers/codex-api?saved=1");
      assertThat(w.http().get("/api/v1/providers/codex-api").json().getBoolean("configured")).isTrue();
    }
  }

  @Test
  void aBadFormIsRenderedAgainWithErrorsAndNothingIsSaved() {
    try (TestWorker w = start(Map.of())) {
      String[] s = session(w, "/providers/openai-compatible");
      Http.Response bad = post(w, "/providers/openai-compatible", s[0], Map.of("_csrf", s[1], "authMethod", "bearer",
          "field.baseUrl", "ftp://nowhere", "field.model", "m", "field.apiKey", "sk-test-typed-000111222"));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body()).contains("id=\"f-baseUrl-error\"").contains("expected an absolute http:// or https:// URL")
          .contains("value=\"ftp://nowhere\"").contains("role=\"alert\"")
          .doesNotContain("sk-test-typed-000111222");
      assertThat(w.http().get("/api/v1/providers/openai-compatible").json().getValue("updatedAt")).isNull();
    }
  }

  @Test
  void aSecretIsKeptWhenLeftBlankAndClearedWithItsBox() {
    try (TestWorker w = start(Map.of())) {
      String[] s = session(w, "/providers/codex-cli");
      assertThat(post(w, "/providers/codex-cli", s[0], Map.of("_csrf", s[1], "authMethod", "api_key",
          "field.apiKey", "sk-test-codex-cli-9999")).status()).isEqualTo(303);
      assertThat(post(w, "/providers/codex-cli", s[0], Map.of("_csrf", s[1], "authMethod", "api_key",
          "field.apiKey", "", "field.model", "gpt-5-codex")).status()).isEqualTo(303);
      assertThat(w.worker().context().providers().get("codex-cli").orElseThrow().value("apiKey")).isEqualTo("sk-test-codex-cli-9999");
      assertThat(post(w, "/providers/codex-cli", s[0], Map.of("_csrf", s[1], "authMethod", "cli_login",
          "clear.apiKey", "1")).status()).isEqualTo(303);
      assertThat(w.worker().context().providers().get("codex-cli").orElseThrow().value("apiKey")).isNull();
    }
  }

  @Test
  void provisionedPagesAreReadOnlyAndPostsAreRefused() {
    try (TestWorker w = start(Map.of("JCA_PROVIDER_CONFIG_MODE", "provisioned"))) {
      String html = w.http().get("/providers/claude-api").body();
      assertThat(html).contains("JCA_PROVIDER_CONFIG_MODE=provisioned").doesNotContain(">Save</button>");
      String[] s = session(w, "/providers/claude-api");
      Http.Response refused = post(w, "/providers/claude-api", s[0], Map.of("_csrf", s[1], "field.model", "x"));
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.body()).contains("provisioned");
    }
  }

  @Test
  void healthPageShowsTheReadinessChecks() {
    try (TestWorker w = start(Map.of())) {
      Http.Response r = w.http().get("/health");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("<th scope=\"row\">store</th>").contains("<th scope=\"row\">config</th>");
      // Up, but no provider can run a job: the page says so instead of "Ready".
      assertThat(r.body()).contains("Running, not ready for jobs").contains("No provider is configured")
          .doesNotContain(">Ready<");
      assertThat(r.body()).contains("job workspaces use");
    }
  }

  @Test
  void unknownProviderPageIs404AndStaticAssetsAreServedLocally() {
    try (TestWorker w = start(Map.of())) {
      assertThat(w.http().get("/providers/gpt-9").status()).isEqualTo(404);
      assertThat(w.http().get("/static/app.css").status()).isEqualTo(200);
      assertThat(w.http().get("/static/app.js").body()).contains("data-auth-select");
      String page = w.http().get("/providers").body();
      assertThat(page).doesNotContain("http://").doesNotContain("https://"); // nothing loaded from elsewhere
    }
  }
}
