package dev.mergeloom.worker.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The self-test against the real services, only when real credentials are in the environment
 * ({@code LIVE_*} variables below); skipped otherwise, and the skip says which variables to set.
 * CI sets none of them, so CI never leaves the machine.
 */
class LiveProvidersTest {
  static Stream<Arguments> live() {
    return Stream.of(
        Arguments.of("codex-api", "LIVE_OPENAI_API_KEY", "LIVE_OPENAI_MODEL", "apiKey"),
        Arguments.of("claude-api", "LIVE_ANTHROPIC_API_KEY", "LIVE_ANTHROPIC_MODEL", "apiKey"),
        Arguments.of("openai-compatible", "LIVE_OPENAI_COMPATIBLE_BASE_URL", "LIVE_OPENAI_COMPATIBLE_MODEL", "baseUrl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("live")
  void selfTestPassesAgainstTheRealService(String provider, String credentialVar, String modelVar, String field,
      @TempDir Path dir) {
    String credential = System.getenv(credentialVar);
    String model = System.getenv(modelVar);
    assumeTrue(credential != null && !credential.isBlank() && model != null && !model.isBlank(),
        "live test skipped: set " + credentialVar + " and " + modelVar + " to run it against the real service");
    try (TestWorker w = TestWorker.start(dir)) {
      JsonObject fields = new JsonObject().put(field, credential).put("model", model);
      JsonObject body = new JsonObject().put("fields", fields);
      if (provider.equals("openai-compatible")) {
        body.put("authMethod", "none");
      }
      assertThat(w.putProvider(provider, body).status()).isEqualTo(200);
      JsonObject result = w.http().send(HttpMethod.POST, "/api/v1/providers/" + provider + "/self-test", null, Map.of()).json();
      assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
    }
  }
}
