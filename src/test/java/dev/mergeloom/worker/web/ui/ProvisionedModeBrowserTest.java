package dev.mergeloom.worker.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.TestWorker;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** In provisioned mode the page is read-only and says why, and secrets stay out of it. */
class ProvisionedModeBrowserTest {
  @Test
  void theProviderPageIsReadOnlyAndExplainsWhy(@TempDir Path dir) throws Exception {
    Map<String, String> env = TestWorker.baseEnv(dir);
    env.put("JCA_PROVIDER_CONFIG_MODE", "provisioned");
    env.put("JCA_ANTHROPIC_API_KEY", "sk-ant-test-provisioned-0042");
    env.put("JCA_ANTHROPIC_MODEL", "claude-sonnet-4-5");
    try (TestWorker worker = TestWorker.start(env); Browser browser = Browser.open(1280, 900)) {
      WebDriver d = browser.driver();
      d.get("http://127.0.0.1:" + worker.port() + "/providers/claude-api");
      assertThat(d.findElement(By.cssSelector(".alert-info")).getText())
          .contains("provisioned by the deployment").contains("JCA_PROVIDER_CONFIG_MODE=provisioned");
      assertThat(d.findElements(By.cssSelector("#provider-form button[type=submit]"))).isEmpty();
      for (WebElement input : d.findElements(By.cssSelector(
          "#provider-form input:not([type=hidden]), #provider-form select, #provider-form textarea"))) {
        assertThat(input.isEnabled()).as(input.getAttribute("id")).isFalse();
      }
      assertThat(d.findElement(By.id("f-model")).getAttribute("value")).isEqualTo("claude-sonnet-4-5");
      assertThat(d.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("Configured");
      assertThat(d.getPageSource()).doesNotContain("sk-ant-test-provisioned-0042");
      browser.screenshot("provider-provisioned");
      d.get("http://127.0.0.1:" + worker.port() + "/providers");
      assertThat(d.findElement(By.cssSelector(".alert-info")).getText()).contains("read-only");
    }
  }
}
