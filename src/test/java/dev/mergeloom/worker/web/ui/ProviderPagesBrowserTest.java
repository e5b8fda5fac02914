package dev.mergeloom.worker.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.providers.FieldSpec;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.ProviderExamples;
import dev.mergeloom.worker.testing.TestWorker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import java.time.Duration;

/** The operator's path through the UI in real headless Chromium. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderPagesBrowserTest {
  private TestWorker worker;
  private Browser browser;
  private WebDriver d;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.put("JCA_OPENAI_MODEL", "gpt-5-codex"); // a deployment value, to see a locked field
    env.put("JCA_WORKER_NAME", "laptop-worker");
    worker = TestWorker.start(env);
    browser = Browser.open(1280, 900);
    d = browser.driver();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    worker.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + worker.port() + path;
  }

  /** Waits for the page a form post leads to; a click returns before the new page is there. */
  private WebElement waitFor(By by) {
    return new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
  }

  private Set<String> visibleFields() {
    return d.findElements(By.cssSelector("#provider-form [data-field]")).stream()
        .filter(WebElement::isDisplayed).map(e -> e.getAttribute("data-field")).collect(Collectors.toSet());
  }

  @Test
  void homeLeadsToProvidersAndEveryCardOpensItsForm() throws Exception {
    d.get(url("/"));
    assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("laptop-worker");
    assertThat(d.findElement(By.id("providers-title")).getText()).contains("of 8 configured");
    browser.screenshot("home");
    d.findElement(By.linkText("Set up providers")).click();
    assertThat(d.getCurrentUrl()).endsWith("/providers");
    assertThat(d.findElements(By.cssSelector(".cards .card"))).hasSize(8);
    browser.screenshot("providers");
    for (ProviderSpec spec : ProviderCatalog.all()) {
      d.get(url("/providers"));
      d.findElement(By.id("card-" + spec.id())).click();
      assertThat(d.findElement(By.tagName("h1")).getText()).startsWith(spec.label());
      assertThat(new Select(d.findElement(By.id("auth-method"))).getOptions()).hasSize(spec.authMethods().size());
      assertThat(d.findElements(By.cssSelector("[data-slot=self-test]"))).hasSize(1);
      assertThat(d.findElements(By.cssSelector("[data-slot=cli-login]"))).hasSize(spec.backend() == ProviderSpec.Backend.CLI ? 1 : 0);
    }
  }

  @Test
  void switchingTheAuthMethodShowsExactlyItsFields() {
    for (ProviderSpec spec : ProviderCatalog.all()) {
      d.get(url("/providers/" + spec.id()));
      assertThat(d.findElements(By.cssSelector(".js-hide"))).allSatisfy(b -> assertThat(b.isDisplayed()).isFalse());
      Select select = new Select(d.findElement(By.id("auth-method")));
      for (var method : spec.authMethods()) {
        select.selectByValue(method.id());
        Set<String> expected = spec.fields().stream().filter(f -> f.relevant(method.id(), key -> defaults(spec.id(), key)))
            .map(FieldSpec::key).collect(Collectors.toSet());
        assertThat(visibleFields()).as(spec.id() + "/" + method.id()).isEqualTo(expected);
      }
    }
  }

  /** The values a fresh provider page starts from: only Vertex's endpoint mode matters here. */
  private static String defaults(String provider, String key) {
    return provider.equals("vertex-ai") && key.equals("endpointMode") ? "structured" : null;
  }

  @Test
  void vertexEndpointModeSwitchesBetweenModelPathAndRawUrl() {
    d.get(url("/providers/vertex-ai"));
    new Select(d.findElement(By.id("auth-method"))).selectByValue("adc");
    assertThat(visibleFields()).contains("projectId", "location", "publisher", "model").doesNotContain("endpointUrl");
    new Select(d.findElement(By.id("f-endpointMode"))).selectByValue("raw-endpoint");
    assertThat(visibleFields()).contains("endpointUrl").doesNotContain("projectId", "location", "publisher", "model");
    new Select(d.findElement(By.id("auth-method"))).selectByValue("access_token");
    assertThat(visibleFields()).contains("endpointUrl", "accessToken").doesNotContain("projectId");
  }

  @Test
  void aValidConfigIsSavedAndShownAfterReloadWithoutItsSecret() throws Exception {
    String key = "sk-ant-browser-test-9876543210";
    d.get(url("/providers/claude-api"));
    d.findElement(By.id("f-apiKey")).sendKeys(key);
    d.findElement(By.id("f-model")).sendKeys("claude-sonnet-4-5");
    d.findElement(By.cssSelector("#provider-form button[type=submit]:not([formmethod])")).click();
    assertThat(waitFor(By.cssSelector(".alert-ok")).getText()).startsWith("Saved.").contains("run the self-test");
    assertThat(d.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("Configured");

    d.navigate().refresh();
    assertThat(d.findElement(By.id("f-model")).getAttribute("value")).isEqualTo("claude-sonnet-4-5");
    assertThat(d.findElement(By.id("f-apiKey")).getAttribute("value")).isEmpty();
    assertThat(d.findElement(By.id("f-apiKey")).getAttribute("placeholder")).isEqualTo("Set (…3210) — type to replace");
    assertThat(d.getPageSource()).doesNotContain(key);
    browser.screenshot("provider-saved");
    assertThat(worker.worker().context().providers().get("claude-api").orElseThrow().value("apiKey")).isEqualTo(key);
  }

  @Test
  void serviceAccountJsonIsPastedForVertexAndKeptSecret() {
    String json = ProviderExamples.serviceAccountJson("http://127.0.0.1:1/token");
    d.get(url("/providers/vertex-ai"));
    new Select(d.findElement(By.id("auth-method"))).selectByValue("service_account_json");
    d.findElement(By.id("f-projectId")).sendKeys("my-project");
    d.findElement(By.id("f-model")).sendKeys("gemini-2.5-pro");
    ((JavascriptExecutor) d).executeScript("document.getElementById('f-serviceAccountJson').value = arguments[0];", json);
    d.findElement(By.cssSelector("#provider-form button[type=submit]:not([formmethod])")).click();
    assertThat(waitFor(By.cssSelector(".alert-ok")).getText()).startsWith("Saved.").contains("run the self-test");
    assertThat(d.getPageSource()).doesNotContain("PRIVATE KEY").doesNotContain("worker@test-project");
    assertThat(d.findElement(By.cssSelector("input.upload")).isDisplayed()).isTrue();
  }

  @Test
  void badInputShowsErrorsNextToTheFieldsAndKeepsWhatWasTyped() throws Exception {
    d.get(url("/providers/openai-compatible"));
    new Select(d.findElement(By.id("auth-method"))).selectByValue("bearer");
    d.findElement(By.id("f-baseUrl")).sendKeys("not a url");
    d.findElement(By.id("f-model")).sendKeys("qwen3-coder");
    d.findElement(By.cssSelector("#provider-form button[type=submit]:not([formmethod])")).click();

    WebElement summary = waitFor(By.id("error-summary"));
    assertThat(summary.getAttribute("role")).isEqualTo("alert");
    // The summary names the fields by the labels beside them, not by their keys.
    assertThat(summary.getText()).contains("Base URL:").contains("API key:").doesNotContain("baseUrl").doesNotContain("apiKey");
    assertThat(d.findElement(By.id("f-baseUrl-error")).getText()).contains("expected an absolute http:// or https:// URL");
    assertThat(d.findElement(By.id("f-apiKey-error")).getText()).contains("required for auth method bearer");
    assertThat(d.findElement(By.id("f-baseUrl")).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(d.findElement(By.id("f-baseUrl")).getAttribute("value")).isEqualTo("not a url");
    assertThat(new Select(d.findElement(By.id("auth-method"))).getFirstSelectedOption().getAttribute("value")).isEqualTo("bearer");
    assertThat(d.switchTo().activeElement().getAttribute("id")).isEqualTo("error-summary");
    browser.screenshot("provider-errors");
    summary.findElement(By.linkText("Base URL")).click();
    assertThat(d.getCurrentUrl()).endsWith("#f-baseUrl");
  }

  @Test
  void aDeploymentValueIsShownLockedWithItsSource() {
    d.get(url("/providers/codex-api"));
    WebElement model = d.findElement(By.id("f-model"));
    assertThat(model.isEnabled()).isFalse();
    assertThat(model.getAttribute("value")).isEqualTo("gpt-5-codex");
    assertThat(d.findElement(By.id("f-model-note")).getText()).contains("Locked").contains("JCA_OPENAI_MODEL");
  }

  @Test
  void runtimeSettingsAreEditedOnTheProvidersPage() {
    d.get(url("/providers"));
    WebElement repairs = d.findElement(By.id("r-maxRepairAttempts"));
    repairs.clear();
    repairs.sendKeys("99");
    d.findElement(By.cssSelector("#runtime button[type=submit]")).click();
    assertThat(waitFor(By.id("r-maxRepairAttempts-error")).getText()).isEqualTo("expected a whole number from 0 to 10");

    repairs = d.findElement(By.id("r-maxRepairAttempts"));
    repairs.clear();
    repairs.sendKeys("4");
    d.findElement(By.id("r-requireSelfTest")).click();
    d.findElement(By.cssSelector("#runtime button[type=submit]")).click();
    assertThat(waitFor(By.cssSelector("#runtime .alert-ok")).getText()).isEqualTo("Runtime settings saved.");
    assertThat(d.findElement(By.id("r-maxRepairAttempts")).getAttribute("value")).isEqualTo("4");
    assertThat(d.findElement(By.id("r-requireSelfTest")).isSelected()).isFalse();
    assertThat(worker.http().get("/api/v1/runtime-config").json().getBoolean("requireSelfTest")).isFalse();
  }

  @Test
  void aNarrowWindowStillShowsTheWholeForm() throws Exception {
    d.manage().window().setSize(new org.openqa.selenium.Dimension(420, 900));
    try {
      d.get(url("/providers/aws-bedrock"));
      Long overflow = (Long) ((JavascriptExecutor) d).executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(overflow).isLessThanOrEqualTo(0L);
      browser.screenshot("provider-narrow");
    } finally {
      d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
    }
  }

  @Test
  void everyInputHasALabel() {
    for (String id : List.of("codex-cli", "vertex-ai", "azure-foundry")) {
      d.get(url("/providers/" + id));
      for (WebElement input : d.findElements(By.cssSelector(
          "#provider-form input:not([type=hidden]):not([type=checkbox]):not(.upload), #provider-form textarea"))) {
        assertThat(d.findElements(By.cssSelector("label[for='" + input.getAttribute("id") + "']"))).as(input.getAttribute("id")).hasSize(1);
      }
    }
  }
}
