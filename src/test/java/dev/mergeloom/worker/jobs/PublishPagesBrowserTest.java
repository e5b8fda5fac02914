package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The audit page of a job whose publish failed, in Chromium: why, and "Publish again" that delivers it. */
class PublishPagesBrowserTest {
  @TempDir Path dir;

  @Test
  void anOperatorSeesWhyAPublishFailedAndPublishesAgainFromTheAuditPage() throws Exception {
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    GitRepos.git(source, "checkout", "-q", "-b", "mergeloom/PAGE-1");
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of(
        Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n")),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "fixed add")))).latency(0)) {
      try (TestWorker worker = JobTesting.startWith(model, dir.resolve("data")); Browser browser = Browser.open(1280, 1100)) {
        JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, JobTesting.envelope("PAGE-1", source,
            List.of(), "off")), Duration.ofSeconds(60));
        assertThat(job.getString("state")).isEqualTo("publish_failed");

        WebDriver d = browser.driver();
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
        d.get("http://127.0.0.1:" + worker.port() + "/audit/" + job.getString("id"));
        assertThat(d.findElement(By.id("published")).getText()).startsWith("Not published:")
            .contains("is checked out in " + source);
        assertThat(d.findElements(By.id("republish-token"))).as("a local repository needs no token").isEmpty();
        browser.screenshot("job-publish-failed");

        GitRepos.git(source, "checkout", "-q", "-");
        d.findElement(By.id("republish")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("published"), "Published: branch"));
        assertThat(d.findElement(By.cssSelector("h1 .badge")).getText()).isEqualTo("completed");
        assertThat(d.findElements(By.id("republish"))).as("nothing left to publish").isEmpty();
        assertThat(GitRepos.git(source, "rev-parse", "refs/heads/mergeloom/PAGE-1"))
            .isEqualTo(job.getJsonObject("result").getString("commit"));
      }
    }
  }
}
