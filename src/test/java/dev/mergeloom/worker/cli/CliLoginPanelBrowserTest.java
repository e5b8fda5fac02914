package dev.mergeloom.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.TestWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The login panel in Chromium: Codex device code shown, Claude code pasted, status checked, cancel. */
class CliLoginPanelBrowserTest {
  @Test
  void anOperatorLogsBothClisInFromTheProvidersPage(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path codexHome = Files.createDirectories(dir.resolve("codex-home"));
    Path claudeDir = Files.createDirectories(dir.resolve("claude-config"));
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_CODEX_PATH", CliLoginTest.install(bin, "codex").toString());
    env.put("JCA_WORKER_CLAUDE_PATH", CliLoginTest.install(bin, "claude").toString());
    env.put("JCA_WORKER_CLI_CONFIG_DIR", codexHome.toString());
    env.put("JCA_WORKER_CLAUDE_CONFIG_DIR", claudeDir.toString());
    Files.writeString(codexHome.resolve("fake-mode"), "hang");
    try (TestWorker worker = TestWorker.start(env); Browser browser = Browser.open(1280, 1100)) {
      WebDriver d = browser.driver();
      WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
      String base = "http://127.0.0.1:" + worker.port();

      d.get(base + "/providers/codex-cli");
      d.findElement(By.xpath("//button[text()='Start login']")).click();
      wait.until(ExpectedConditions.textToBe(By.cssSelector(".login-state"), "awaiting_user"));
      assertThat(d.findElement(By.id("user-code")).getText()).isEqualTo("ABCD-12345");
      assertThat(d.findElement(By.id("login-url")).getAttribute("href")).isEqualTo("https://auth.openai.com/codex/device");
      assertThat(d.findElement(By.id("login-url")).getAttribute("target")).isEqualTo("_blank");
      assertThat(d.findElement(By.cssSelector("time.countdown")).getText()).startsWith("in ");
      // While the operator types the code, the panel polls without reloading the page under them.
      ((org.openqa.selenium.JavascriptExecutor) d).executeScript("window.mlPolls = 0; var f = window.fetch;"
          + " window.fetch = function () { window.mlPolls++; return f.apply(this, arguments); };");
      wait.until(driver -> Long.valueOf(2).compareTo(Long.valueOf(String.valueOf(((org.openqa.selenium.JavascriptExecutor) driver)
          .executeScript("return window.mlPolls === undefined ? -1 : window.mlPolls;")))) <= 0);
      browser.screenshot("cli-login-codex");
      d.findElement(By.xpath("//button[text()='Cancel login']")).click();
      wait.until(ExpectedConditions.textToBe(By.cssSelector(".login-state"), "cancelled"));

      d.get(base + "/providers/claude-code-cli");
      d.findElement(By.xpath("//button[text()='Start login']")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-code")));
      d.findElement(By.id("login-code")).sendKeys("abc123#fake-state");
      d.findElement(By.xpath("//button[text()='Send code']")).click();
      wait.until(ExpectedConditions.textToBe(By.cssSelector(".login-state"), "succeeded"));
      d.findElement(By.linkText("Check login status")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cli-status")));
      assertThat(d.findElement(By.cssSelector("#cli-status .logged-in")).getText()).isEqualTo("yes");
      assertThat(d.findElement(By.id("cli-status")).getText()).contains("claude.ai").contains("2.1.197");
      assertThat(worker.worker().context().processes().live()).isEmpty();
    }
  }
}
