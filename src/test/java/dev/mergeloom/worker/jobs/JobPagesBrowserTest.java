package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A newcomer's path in real Chromium: submit a job on a local repository from the home page,
 * watch it live to the end, read its audit page, and find it on /runs.
 */
class JobPagesBrowserTest {
  @TempDir Path dir;

  @Test
  void submitWatchLiveAuditAndList() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of()).latency(150)) {
      model.script((step, body) -> body.contains("validation failed") ? JobFlowTest.repair(step)
          : JobFlowTest.implementation(step));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env); Browser browser = Browser.open(1280, 1100)) {
        assertThat(worker.putProvider(model.provider(), model.providerBody("claude-sonnet-4-5")).status()).isEqualTo(200);
        WebDriver d = browser.driver();
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + worker.port();

        d.get(base + "/");
        d.findElement(By.name("ticketKey")).sendKeys("WEB-7");
        d.findElement(By.name("title")).sendKeys("Fix add()");
        d.findElement(By.name("description")).sendKeys("add(2, 3) must be 5");
        d.findElement(By.name("repoPath")).sendKeys(repo.toString());
        d.findElement(By.name("validationCommands")).sendKeys("python3 -m unittest -q");
        new Select(d.findElement(By.name("validationMode"))).selectByValue("required");
        d.findElement(By.xpath("//button[text()='Start the job']")).click();

        wait.until(ExpectedConditions.urlContains("/live/"));
        wait.until(ExpectedConditions.textToBe(By.id("live-state"), "completed"));
        String events = d.findElement(By.id("events")).getText();
        assertThat(events).contains("implementation → edit_file").contains("repair-1")
            .contains("$ python3 -m unittest -q → exit 1").contains("state: completed");
        browser.screenshot("job-live");

        d.findElement(By.linkText("audit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stages")));
        assertThat(d.findElement(By.id("stages")).getText()).contains("implementation").contains("repair-1");
        assertThat(d.findElement(By.id("files")).getText()).contains("calc.py");
        assertThat(d.findElement(By.id("cost")).getText()).startsWith("$");
        assertThat(d.findElement(By.id("validation")).getText()).contains("failed (1)").contains("passed");
        browser.screenshot("job-audit");

        d.get(base + "/runs?outcome=completed");
        assertThat(d.findElement(By.id("runs")).getText()).contains("WEB-7").contains("completed");
        d.get(base + "/runs?outcome=failed");
        assertThat(d.findElements(By.id("runs"))).isEmpty();
        browser.screenshot("job-runs");
      }
    }
  }
}
