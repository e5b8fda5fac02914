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

  /** A job that runs one long command, to be cancelled while it runs. */
  private static ScriptedModel.Step slow(int step) {
    return step == 0 ? ScriptedModel.Step.calls(ScriptedModel.Call.of("run_command", "argv",
        new io.vertx.core.json.JsonArray().add("python3").add("-c").add("import time; time.sleep(60)")))
        : ScriptedModel.Step.calls(ScriptedModel.Call.of("final_result", "status", "completed", "summary", "slept"));
  }

  @Test
  void submitWatchLiveAuditAndList() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.ANTHROPIC, List.of()).latency(150)) {
      model.script((step, body) -> body.contains("SLOW-1") ? slow(step)
          : body.contains("validation failed") ? JobFlowTest.repair(step) : JobFlowTest.implementation(step));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env); Browser browser = Browser.open(1280, 1100)) {
        assertThat(worker.putProvider(model.provider(), model.providerBody("claude-sonnet-4-5")).status()).isEqualTo(200);
        WebDriver d = browser.driver();
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
        String base = "http://127.0.0.1:" + worker.port();

        d.get(base + "/");
        // The form offers the configured provider; the model is chosen here, not typed in a directive.
        Select provider = new Select(d.findElement(By.id("j-provider")));
        assertThat(provider.getFirstSelectedOption().getAttribute("value")).isEqualTo(model.provider());
        assertThat(provider.getFirstSelectedOption().getText()).contains("not self-tested");
        d.findElement(By.id("j-model")).sendKeys("claude-haiku-4-5");
        d.findElement(By.name("ticketKey")).sendKeys("bad key!");
        d.findElement(By.name("title")).sendKeys("Fix add()");
        d.findElement(By.name("description")).sendKeys("add(2, 3) must be 5");
        d.findElement(By.name("repoPath")).sendKeys(repo.toString());
        d.findElement(By.name("validationCommands")).sendKeys("python3 -m unittest -q");
        new Select(d.findElement(By.name("validationMode"))).selectByValue("required");
        d.findElement(By.xpath("//button[text()='Start the job']")).click();

        // Refused: everything typed is still there, the problem is beside its field, /providers is linked.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("job-refused")));
        assertThat(d.findElement(By.id("job-refused")).findElement(By.linkText("Providers")).getAttribute("href"))
            .endsWith("/providers");
        assertThat(d.findElement(By.cssSelector("#j-key ~ .error")).getText()).contains("expected letters, digits");
        assertThat(d.findElement(By.name("title")).getAttribute("value")).isEqualTo("Fix add()");
        assertThat(d.findElement(By.name("description")).getAttribute("value")).isEqualTo("add(2, 3) must be 5");
        assertThat(d.findElement(By.name("repoPath")).getAttribute("value")).isEqualTo(repo.toString());
        assertThat(d.findElement(By.id("j-model")).getAttribute("value")).isEqualTo("claude-haiku-4-5");
        assertThat(d.findElement(By.name("validationCommands")).getAttribute("value")).isEqualTo("python3 -m unittest -q");
        browser.screenshot("job-form-refused");
        d.findElement(By.name("ticketKey")).clear();
        d.findElement(By.name("ticketKey")).sendKeys("WEB-7");
        d.findElement(By.xpath("//button[text()='Start the job']")).click();

        wait.until(ExpectedConditions.urlContains("/live/"));
        wait.until(ExpectedConditions.textToBe(By.id("live-state"), "completed"));
        String events = d.findElement(By.id("events")).getText();
        assertThat(events).contains("implementation → edit_file").contains("repair-1")
            .contains("$ python3 -m unittest -q → exit 1").contains("state: completed");
        // The end state on the live page itself: outcome, diff, no cancel button any more.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome-diff")));
        assertThat(d.findElement(By.id("outcome-state")).getText()).contains("ended completed");
        assertThat(d.findElement(By.id("outcome-diff")).getText()).contains("+    return a + b");
        assertThat(d.findElement(By.cssSelector("#outcome-diff .diff-add")).getText()).startsWith("+");
        assertThat(d.findElement(By.id("cancel-form")).isDisplayed()).isFalse();
        assertThat(d.findElement(By.cssSelector(".lead")).getText()).contains("claude-haiku-4-5");
        browser.screenshot("job-live");

        d.findElement(By.linkText("audit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("stages")));
        assertThat(d.findElement(By.id("stages")).getText()).contains("implementation").contains("repair-1");
        assertThat(d.findElement(By.id("files")).getText()).contains("calc.py");
        assertThat(d.findElement(By.id("cost")).getText()).startsWith("$");
        assertThat(d.findElement(By.id("validation")).getText()).contains("failed (1)").contains("passed");
        // Where the change is, how to fetch it, and the patch.
        assertThat(d.findElement(By.id("published")).getText()).startsWith("Published: branch mergeloom/WEB-7")
            .endsWith("is in " + repo + ".");
        assertThat(d.findElement(By.id("fetch-line")).getText()).startsWith("git fetch ").endsWith(
            "mergeloom/WEB-7:mergeloom/WEB-7");
        String patchUrl = d.findElement(By.id("patch-link")).getAttribute("href");
        assertThat(patchUrl).endsWith("/patch");
        assertThat(worker.http().get(patchUrl.substring(base.length())).body()).contains("Subject: [PATCH] WEB-7");
        assertThat(d.findElements(By.cssSelector("#diff .diff-add"))).isNotEmpty();
        assertThat(d.findElements(By.cssSelector("#diff .diff-del"))).isNotEmpty();
        assertThat(d.findElement(By.id("summary")).getText()).isEqualTo("add() adds");
        browser.screenshot("job-audit");

        // A long job, cancelled from its live page: it ends cancelled and says so there.
        d.get(base + "/");
        d.findElement(By.name("ticketKey")).sendKeys("SLOW-1");
        d.findElement(By.name("title")).sendKeys("Take your time");
        d.findElement(By.name("repoPath")).sendKeys(repo.toString());
        new Select(d.findElement(By.name("validationMode"))).selectByValue("off");
        d.findElement(By.xpath("//button[text()='Start the job']")).click();
        wait.until(ExpectedConditions.urlContains("/live/"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "implementation → run_command"));
        d.findElement(By.id("cancel")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live-state"), "cancelled"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("outcome-state")));
        assertThat(d.findElement(By.id("outcome-state")).getText()).contains("ended cancelled");
        browser.screenshot("job-live-cancelled");

        d.get(base + "/runs?outcome=completed");
        assertThat(d.findElement(By.id("runs")).getText()).contains("WEB-7").contains("completed")
            .contains(repo.toString());
        assertThat(d.findElement(By.cssSelector("#runs thead")).getText()).contains("Repository").contains("Duration");
        assertThat(d.findElement(By.cssSelector("#runs time")).getText()).doesNotContain("T").doesNotContain("Z");
        d.get(base + "/runs?outcome=failed");
        assertThat(d.findElements(By.id("runs"))).isEmpty();
        browser.screenshot("job-runs");
      }
    }
  }
}
