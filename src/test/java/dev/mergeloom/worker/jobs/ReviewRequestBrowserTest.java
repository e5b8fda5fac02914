package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.Browser;
import dev.mergeloom.worker.testing.FakeForge;
import dev.mergeloom.worker.testing.GitHttpServer;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In Chromium: a pull request the forge refused, shown on the audit page in the forge's words,
 * opened by "Publish again" with a token typed once, then linked; and the "Git hosts" page that
 * stores a host's token and removes it, never showing it.
 */
class ReviewRequestBrowserTest {
  private static final String TOKEN = "ghp_browserCanaryToken0123456789abcd";

  @TempDir Path dir;

  @Test
  void aRefusedPullRequestIsOpenedFromTheAuditPageAndLinked() throws Exception {
    Path served = Files.createDirectories(dir.resolve("served/acme"));
    Path source = GitRepos.create(dir.resolve("source"), GitRepos.calculator());
    GitRepos.git(dir, "clone", "-q", "--bare", source.toString(), served.resolve("app.git").toString());
    try (GitHttpServer git = new GitHttpServer(dir.resolve("served"), TOKEN);
        FakeForge forge = new FakeForge(FakeForge.Kind.GITHUB, TOKEN);
        ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of(
            Step.calls(Call.of("write_file", "path", "calc.py", "content", "def add(a, b):\n    return a + b\n")),
            Step.calls(Call.of("final_result", "status", "completed", "summary", "fixed add")))).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"), Map.of("JCA_WORKER_PUBLIC_URL",
            "https://mergeloom.example.com"));
        Browser browser = Browser.open(1280, 1100)) {
      forge.answerNext(200, Map.of(), "[]");
      forge.answerNext(422, Map.of(), new JsonObject().put("message", "Validation Failed").put("errors", new JsonArray()
          .add(new JsonObject().put("message", "Protected branch main requires a linear history"))).encode());
      JsonObject envelope = JobTesting.remoteEnvelope("PAGE-2", git.url("acme/app.git"), TOKEN);
      envelope.getJsonArray("repositories").getJsonObject(0).put("forge", "github").put("apiUrl", forge.apiUrl());
      JsonObject job = JobTesting.awaitEnd(worker, JobTesting.submit(worker, envelope), Duration.ofSeconds(60));
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("publish_failed");

      WebDriver d = browser.driver();
      WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
      // The live page replays the events: stage boundaries, the publish, and the outcome of a
      // publish_failed job (whose stream ends there too).
      d.get("http://127.0.0.1:" + worker.port() + "/live/" + job.getString("id"));
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outcome-state")));
      assertThat(d.findElement(By.id("outcome-state")).getText()).contains("publish_failed");
      assertThat(d.findElement(By.id("outcome")).getText()).as("its work was validated").contains("Summary: fixed add");
      assertThat(d.findElements(By.cssSelector("#events .event-stage-started"))).extracting(WebElement::getText)
          .containsExactly("── implementation ──");
      assertThat(d.findElement(By.cssSelector("#events .event-publish-failed")).getText())
          .startsWith("not published: the branch was pushed").contains("Protected branch main");
      browser.screenshot("job-live-publish-failed");

      d.get("http://127.0.0.1:" + worker.port() + "/audit/" + job.getString("id"));
      assertThat(d.findElement(By.id("published")).getText()).startsWith("Not published:")
          .contains("opening the pull request on GitHub failed").contains("Protected branch main requires a linear history");
      browser.screenshot("job-pull-request-refused");
      d.findElement(By.id("republish-token")).sendKeys(TOKEN);
      d.findElement(By.id("republish")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#review-request a")));
      String link = d.findElement(By.cssSelector("#review-request a")).getAttribute("href");
      assertThat(link).isEqualTo(forge.open().get("mergeloom/PAGE-2").getString("html_url"));
      assertThat(d.findElement(By.id("review-request")).getText()).startsWith("Review request opened");
      assertThat(d.getPageSource()).doesNotContain(TOKEN);
      browser.screenshot("job-pull-request-opened");
      assertThat(forge.problems()).isEmpty();
    }
  }

  @Test
  void theGitHostsPageStoresATokenWithoutShowingItAndRemovesIt() throws Exception {
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of()).latency(0);
        TestWorker worker = JobTesting.startWith(model, dir.resolve("data"));
        Browser browser = Browser.open(1280, 900)) {
      WebDriver d = browser.driver();
      WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(15));
      d.get("http://127.0.0.1:" + worker.port() + "/");
      d.findElement(By.linkText("Git hosts")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("git-host-form")));
      d.findElement(By.id("git-host")).sendKeys("https://gitlab.example.com");
      d.findElement(By.id("git-token")).sendKeys(TOKEN);
      d.findElement(By.id("git-host-save")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-summary")));
      assertThat(d.findElement(By.id("error-summary")).getText()).contains("Host").contains("no scheme");
      assertThat(d.findElement(By.id("git-host")).getAttribute("value")).isEqualTo("https://gitlab.example.com");
      assertThat(d.findElement(By.id("git-token")).getAttribute("value")).as("a token is never sent back").isEmpty();

      d.findElement(By.id("git-host")).clear();
      d.findElement(By.id("git-host")).sendKeys("gitlab.example.com:8443");
      d.findElement(By.id("git-token")).sendKeys(TOKEN);
      d.findElement(By.id("git-host-save")).click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.id("git-hosts-saved")));
      assertThat(d.findElement(By.id("git-hosts")).getText()).contains("gitlab.example.com:8443").contains("ui");
      assertThat(d.getPageSource()).doesNotContain(TOKEN);
      browser.screenshot("git-hosts");

      d.findElement(By.cssSelector("#git-hosts button")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("git-hosts"), "No host has a token yet."));
    }
  }
}
