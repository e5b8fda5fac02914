package dev.mergeloom.worker.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.forge.ReviewRequest;
import dev.mergeloom.worker.jobs.model.JobEnvelope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The title and body of a job's review request, from its ticket and record. */
class ReviewTextTest {

  private static JobEnvelope envelope(String mode) {
    return JobEnvelope.parse(new JsonObject().put("ticket", new JsonObject().put("key", "APP-7").put("title", "Fix add()"))
        .put("repositories", new JsonArray().add(new JsonObject().put("url", "https://github.com/acme/app.git")
            .put("role", "work").put("validationMode", mode).put("validationCommands", new JsonArray().add("pytest -q")))));
  }

  private static JsonObject record(boolean passed, int files) {
    return new JsonObject().put("id", "job-1").put("provider", "claude-api").put("model", "claude-sonnet-4-5")
        .put("result", new JsonObject().put("summary", "Made add() add.")
            .put("validation", new JsonArray().add(new JsonObject().put("kind", "validation").put("command", "pytest -q")
                .put("exitCode", passed ? 0 : 1).put("passed", passed)))
            .put("changedFiles", new JsonArray(IntStream.range(0, files).mapToObj(i -> "src/f" + i + ".py").toList()))
            .put("stages", new JsonArray().add(new JsonObject().put("inputTokens", 1200).put("outputTokens", 300)
                .put("costEstimate", 0.0125)).add(new JsonObject().put("inputTokens", 800).put("outputTokens", 100)
                    .put("costEstimate", 0.005))));
  }

  @Test
  void theBodySaysWhatWasDoneAndValidatedAndLinksTheAuditPage() {
    ReviewRequest r = ReviewText.of(envelope("required"), record(true, 2), "mergeloom/APP-7", "main",
        Optional.of(URI.create("https://mergeloom.example.com/")));
    assertThat(r.title()).isEqualTo("APP-7: Fix add()");
    assertThat(r.draft()).isFalse();
    assertThat(r.sourceBranch()).isEqualTo("mergeloom/APP-7");
    assertThat(r.targetBranch()).isEqualTo("main");
    assertThat(r.body()).contains("Made add() add.").contains("✅ `pytest -q` (validation, exit 0)")
        .contains("### Changed files (2)").contains("- `src/f1.py`")
        .contains("2,000 input and 400 output tokens, about $0.0175 over 2 session(s)")
        .contains("[audit](https://mergeloom.example.com/audit/job-1)").contains("claude-api, claude-sonnet-4-5");
  }

  @Test
  void aFailedAdvisoryValidationOpensADraftAndALongFileListIsCut() {
    ReviewRequest r = ReviewText.of(envelope("advisory"), record(false, 60), "mergeloom/APP-7", "main", Optional.empty());
    assertThat(r.draft()).isTrue();
    assertThat(r.body()).contains("❌ `pytest -q`").contains("this request is a draft")
        .contains("### Changed files (60)").contains("… and 10 more").doesNotContain("src/f55.py").doesNotContain("[audit]");
    assertThat(ReviewText.of(envelope("required"), record(false, 1), "b", "main", Optional.empty()).draft())
        .as("a required validation that failed never publishes").isFalse();
  }
}
