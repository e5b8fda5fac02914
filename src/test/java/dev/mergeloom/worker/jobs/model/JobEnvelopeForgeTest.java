package dev.mergeloom.worker.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.InvalidSettingsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An envelope's {@code forge} and {@code apiUrl}: what is accepted, and each refusal naming its field. */
class JobEnvelopeForgeTest {

  private static JsonObject envelope(JsonObject repository) {
    return new JsonObject().put("ticket", new JsonObject().put("key", "F-1").put("title", "t"))
        .put("repositories", new JsonArray().add(repository.put("role", "work")));
  }

  private static List<FieldProblem> problems(JsonObject repository) {
    try {
      JobEnvelope.parse(envelope(repository));
      return List.of();
    } catch (InvalidSettingsException e) {
      return e.problems();
    }
  }

  @Test
  void aNamedSelfHostedForgeWithItsApiIsKeptForTheRunAndTheExecutor() {
    JobEnvelope parsed = JobEnvelope.parse(envelope(new JsonObject().put("url", "https://git.example.com/acme/app.git")
        .put("forge", "forgejo").put("apiUrl", "https://git.example.com/api/v1")));
    assertThat(parsed.workRepository().forge()).isEqualTo("forgejo");
    assertThat(parsed.workRepository().apiUrl()).isEqualTo("https://git.example.com/api/v1");
    JsonObject wire = parsed.toWire().getJsonArray("repositories").getJsonObject(0);
    assertThat(wire.getString("forge")).isEqualTo("forgejo");
    assertThat(wire.getString("apiUrl")).isEqualTo("https://git.example.com/api/v1");
    assertThat(JobEnvelope.parse(envelope(new JsonObject().put("url", "file:///srv/git/app.git"))).workRepository()
        .forge()).as("a URL with no host needs no forge").isNull();
  }

  @Test
  void eachProblemNamesItsFieldAndWhatIsExpected() {
    assertThat(problems(new JsonObject().put("url", "https://github.com/acme/app.git").put("forge", "bitbucket")))
        .extracting(FieldProblem::field, FieldProblem::message)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("repositories[0].forge",
            "expected github, gitlab, gitea, forgejo, azure or none"));
    assertThat(problems(new JsonObject().put("path", "/srv/app").put("forge", "github")))
        .extracting(FieldProblem::field).containsExactly("repositories[0].forge");
    assertThat(problems(new JsonObject().put("url", "https://ghe.example.com/acme/app.git").put("forge", "github")
        .put("apiUrl", "ghe.example.com/api/v3"))).extracting(FieldProblem::field).containsExactly("repositories[0].apiUrl");
    assertThat(problems(new JsonObject().put("url", "https://github.com/acme"))).singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("repositories[0].url"))
        .satisfies(p -> assertThat(p.message()).contains("owner/repo"));
    assertThatThrownBy(() -> JobEnvelope.parse(envelope(new JsonObject().put("url", "https://dev.azure.com/acme/app.git"))))
        .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("project/_git/repo");
  }
}
