package dev.mergeloom.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.provider.wire.Fixtures;
import io.vertx.core.MultiMap;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Real recorded error bodies map to the right kind with the provider's own message. */
class ErrorBodiesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "openai-429-rate-limit.json, 429, RATE_LIMITED, Rate limit reached",
      "anthropic-429-rate-limit.json, 429, RATE_LIMITED, rate_limit_error",
      "anthropic-529-overloaded.json, 529, UNAVAILABLE, overloaded_error: Overloaded",
      "gemini-429-resource-exhausted.json, 429, RATE_LIMITED, RESOURCE_EXHAUSTED",
      "vllm-400-auto-tool-choice-not-enabled.json, 400, TOOLS_REJECTED, auto",
      "ollama-openai-compat-400-model-does-not-support-tools.json, 400, TOOLS_REJECTED, does not support tools",
      "ollama-native-400-model-does-not-support-tools.json, 400, TOOLS_REJECTED, does not support tools",
      "llamacpp-500-tools-require-jinja.json, 500, TOOLS_REJECTED, --jinja",
      "bedrock-validation-exception-400.json, 400, BAD_REQUEST, toolUse.name"})
  void recordedErrorsMapToTheirKind(String file, int status, Kind kind, String fragment) {
    ProviderException e = ErrorBodies.map(status, MultiMap.caseInsensitiveMultiMap(), Fixtures.text("errors/" + file));
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.getMessage()).startsWith("HTTP " + status + ": ").contains(fragment);
  }

  @Test
  void bedrockErrorTypeComesFromTheHeader() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
    ProviderException e = ErrorBodies.map(429, headers, Fixtures.text("errors/bedrock-throttling-exception-429.json"));
    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.getMessage()).contains("ThrottlingException: ").doesNotContain("internal.amazon.com");
    ProviderException expired = ErrorBodies.map(403, MultiMap.caseInsensitiveMultiMap().add("x-amzn-ErrorType",
        "ExpiredTokenException"), Fixtures.text("errors/bedrock-expired-token-403.json"));
    assertThat(expired.kind()).isEqualTo(Kind.AUTH);
    assertThat(expired.getMessage()).contains("ExpiredTokenException");
  }

  @Test
  void retryAfterInSecondsOrAsADate() {
    assertThat(ErrorBodies.retryAfter(MultiMap.caseInsensitiveMultiMap().add("Retry-After", "2"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(ErrorBodies.retryAfter(MultiMap.caseInsensitiveMultiMap().add("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")))
        .isEqualTo(Duration.ZERO);
    assertThat(ErrorBodies.retryAfter(MultiMap.caseInsensitiveMultiMap())).isNull();
  }

  @Test
  void aNonJsonBodyIsQuotedShortAndOnOneLine() {
    ProviderException e = ErrorBodies.map(502, null, "<html>\n<body>Bad gateway</body>\n</html>" + "x".repeat(2000));
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(700);
  }
}
