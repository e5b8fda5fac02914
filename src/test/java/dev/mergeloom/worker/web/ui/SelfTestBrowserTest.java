package dev.mergeloom.worker.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The self-test button and result panel on a provider page, against a local fake model. */
class SelfTestBrowserTest {
  @Test
  void runningTheSelfTestShowsEachCheckAndTheExplanationOfAFailure(@TempDir Path dir) throws Exception {
    try (FakeProvider model = new FakeProvider();
        TestWorker worker = TestWorker.start(dir);
        Browser browser = Browser.open(1280, 1000)) {
      worker.putProvider("openai-compatible", new JsonObject().put("authMethod", "none").put("fields",
          new JsonObject().put("baseUrl", model.url() + "/v1").put("model", "qwen3-coder")));
      WebDriver d = browser.driver();
      WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));

      model.respond(r -> Reply.json(200, WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok"))));
      d.get("http://127.0.0.1:" + worker.port() + "/providers/openai-compatible");
      assertThat(d.findElement(By.id("self-test")).getText()).contains("No self-test for the current settings yet");
      d.findElement(By.xpath("//button[text()='Run self-test']")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".selftest-ok")));
      assertThat(d.findElement(By.cssSelector(".selftest")).getText()).contains("Passed").contains("qwen3-coder");
      assertThat(d.findElements(By.cssSelector(".checks .check-passed"))).hasSize(5);
      assertThat(d.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("Self-test passed");
      browser.screenshot("self-test-passed");

      model.respond(r -> Reply.json(200, WireFake.OPENAI_CHAT.text("I would call report_status now.")));
      d.findElement(By.xpath("//button[text()='Run self-test']")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".selftest-bad")));
      assertThat(d.findElement(By.id("self-test-error")).getText())
          .contains("answered with text instead of calling the tool").contains("I would call report_status now.");
      assertThat(d.findElement(By.cssSelector(".check-failed")).getText()).contains("tool_call");
      assertThat(d.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("Self-test failed");
      browser.screenshot("self-test-failed");

      d.get("http://127.0.0.1:" + worker.port() + "/providers");
      assertThat(d.findElement(By.id("card-openai-compatible")).findElement(By.xpath("../..")).getText())
          .contains("Self-test failed");
    }
  }
}
