package dev.mergeloom.worker.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.config.providers.ProviderSpec;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.ProviderExamples;
import dev.mergeloom.worker.testing.ProviderExamples.Example;
import dev.mergeloom.worker.testing.TestWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every provider's validation through the real HTTP API: good input per auth method, bad input per kind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderApiTest {
  private TestWorker worker;

  @BeforeAll
  void start(@TempDir Path dataDir) {
    worker = TestWorker.start(dataDir);
  }

  @AfterAll
  void stop() {
    worker.close();
  }

  @BeforeEach
  void forgetEverything() {
    ProviderCatalog.ids().forEach(id -> assertThat(worker.http().delete("/api/v1/providers/" + id).status()).isEqualTo(200));
  }

  @Test
  void listShowsAllEightProvidersWithSourcesAndLocks() {
    JsonArray cards = worker.http().get("/api/v1/providers").jsonArray();
    assertThat(cards.stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactly("codex-cli", "claude-code-cli", "codex-api", "claude-api", "openai-compatible", "vertex-ai",
            "aws-bedrock", "azure-foundry");
    JsonObject codexApi = cards.getJsonObject(2);
    assertThat(codexApi.getString("backend")).isEqualTo("api");
    assertThat(codexApi.getBoolean("configured")).isFalse();
    assertThat(codexApi.getJsonObject("fields").getJsonObject("baseUrl"))
        .isEqualTo(new JsonObject().put("value", "https://api.openai.com/v1").put("source", "default")
            .put("locked", false).put("variable", "JCA_OPENAI_BASE_URL"));
    assertThat(codexApi.getJsonObject("fields").getJsonObject("apiKey").getMap())
        .containsEntry("set", false).doesNotContainKey("value");
    assertThat(cards.getJsonObject(0).getString("backend")).isEqualTo("cli");
  }

  static Stream<Example> examples() {
    return ProviderExamples.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void validInputForEveryAuthMethodIsStoredAndConfigured(Example example) {
    Http.Response put = worker.putProvider(example.provider(), example.body());
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    JsonObject card = worker.http().get("/api/v1/providers/" + example.provider()).json();
    assertThat(card.getString("authMethod")).isEqualTo(example.authMethod());
    assertThat(card.getString("authMethodSource")).isEqualTo("ui");
    assertThat(card.getBoolean("configured")).isTrue();
    assertThat(card.getJsonArray("missing")).isEmpty();
    ProviderSpec spec = ProviderCatalog.find(example.provider()).orElseThrow();
    for (String key : example.fields().fieldNames()) {
      JsonObject field = card.getJsonObject("fields").getJsonObject(key);
      assertThat(field.getString("source")).isEqualTo("ui");
      if (spec.field(key).orElseThrow().secret()) {
        assertThat(field.getBoolean("set")).isTrue();
        assertThat(field.containsKey("value")).isFalse();
        assertThat(card.encode()).doesNotContain(example.fields().getString(key));
      } else {
        assertThat(field.getValue("value")).isEqualTo(example.fields().getValue(key));
      }
    }
  }

  static Stream<Arguments> requiredFields() {
    return ProviderExamples.all().stream().flatMap(example -> {
      ProviderSpec spec = ProviderCatalog.find(example.provider()).orElseThrow();
      List<String> required = spec.requirements().required(example.authMethod(), key -> {
        Object v = example.fields().getValue(key);
        return v == null ? null : v.toString();
      });
      // A field with a shipped default (Vertex location, publisher) is never missing.
      return required.stream().filter(example.fields()::containsKey)
          .filter(key -> !shippedDefaults().containsKey(spec.field(key).orElseThrow().envVar()))
          .map(key -> Arguments.of(example, key));
    });
  }

  private static java.util.Properties shippedDefaults() {
    java.util.Properties defaults = new java.util.Properties();
    try (var in = ProviderApiTest.class.getClassLoader().getResourceAsStream("conf/worker-defaults.properties")) {
      defaults.load(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return defaults;
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("requiredFields")
  void missingRequiredFieldIsNamedAndNothingIsWritten(Example example, String key) {
    JsonObject body = example.body();
    body.getJsonObject("fields").remove(key);
    Http.Response put = worker.putProvider(example.provider(), body);
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.fieldErrors()).containsEntry("fields." + key,
        "required for auth method " + example.authMethod() + "; expected a value");
    JsonObject card = worker.http().get("/api/v1/providers/" + example.provider()).json();
    assertThat(card.getValue("updatedAt")).isNull();
    assertThat(card.getString("authMethodSource")).isEqualTo("default");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of("codex-api", "baseUrl", "ftp://files.example", "expected an absolute http:// or https:// URL"),
        Arguments.of("openai-compatible", "baseUrl", "not a url", "expected an absolute http:// or https:// URL"),
        Arguments.of("openai-compatible", "baseUrl", "https://user:pw@llm.internal/v1", "without user:password"),
        Arguments.of("claude-api", "apiKey", "sk-ant with-space", "expected no spaces or line breaks"),
        Arguments.of("claude-api", "model", "claude\nsonnet", "expected a single line"),
        Arguments.of("vertex-ai", "serviceAccountJson", "{not json", "this is not a JSON object"),
        Arguments.of("vertex-ai", "serviceAccountJson", "{\"type\":\"authorized_user\"}", "expected \"type\": \"service_account\""),
        Arguments.of("vertex-ai", "serviceAccountJson", "{\"type\":\"service_account\",\"client_email\":\"a@b\",\"private_key_id\":\"k\"}",
            "expected the key \"private_key\""),
        Arguments.of("vertex-ai", "endpointMode", "sideways", "expected one of structured, raw-endpoint"),
        Arguments.of("vertex-ai", "publisher", "meta", "expected one of google, anthropic"),
        Arguments.of("aws-bedrock", "region", "Mars-1", "expected an AWS region name"),
        Arguments.of("azure-foundry", "federatedTokenFile", "relative/token", "expected an absolute file path"),
        Arguments.of("claude-api", "modelAliases", "not json", "expected a JSON object of alias to model id"),
        Arguments.of("claude-api", "modelAliases", new JsonObject().put("bad alias!", "m"), "expected alias names"),
        Arguments.of("claude-api", "modelAliases", new JsonObject().put("s", 5), "expected a JSON object of alias"),
        Arguments.of("claude-api", "model", 5, "expected a string (or null to clear)"),
        Arguments.of("claude-api", "nope", "x", "unknown field for claude-api; expected one of model, modelAliases, apiKey, baseUrl"));
  }

  @ParameterizedTest(name = "{0}.{1} = {2}")
  @MethodSource("badValues")
  void badValueIsRefusedWithTheFieldAndWhatIsExpected(String provider, String key, Object value, String expected) {
    Http.Response put = worker.putProvider(provider, new JsonObject().put("fields", new JsonObject().put(key, value)));
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.fieldErrors()).hasEntrySatisfying("fields." + key, m -> assertThat(m).contains(expected));
    assertThat(put.json().getJsonObject("error").getString("code")).isEqualTo("invalid_input");
    assertThat(worker.http().get("/api/v1/providers/" + provider).json().getValue("updatedAt")).isNull();
  }

  @Test
  void unknownAuthMethodListsTheValidOnes() {
    Http.Response put = worker.putProvider("aws-bedrock", new JsonObject().put("authMethod", "magic"));
    assertThat(put.fieldErrors()).containsEntry("authMethod", "expected one of default_chain, static_keys, profile");
  }

  @Test
  void malformedBodiesAreRefused() {
    assertThat(worker.http().put("/api/v1/providers/codex-api", "{not json").fieldErrors())
        .containsEntry("body", "expected a JSON object");
    assertThat(worker.http().put("/api/v1/providers/codex-api", "[1]").fieldErrors())
        .containsEntry("body", "expected a JSON object");
    assertThat(worker.putProvider("codex-api", new JsonObject().put("fields", "x")).fieldErrors())
        .containsEntry("fields", "expected an object of field name to value");
    assertThat(worker.putProvider("codex-api", new JsonObject().put("extra", 1)).fieldErrors())
        .containsEntry("extra", "unknown property; expected authMethod and fields");
  }

  @Test
  void unknownProviderIs404() {
    for (Http.Response r : List.of(worker.http().get("/api/v1/providers/gpt-9"),
        worker.putProvider("gpt-9", new JsonObject()), worker.http().delete("/api/v1/providers/gpt-9"))) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().getJsonObject("error").getString("message")).contains("No provider 'gpt-9'");
    }
  }

  @Test
  void secretLeftOutKeepsItsValueAndNullClearsIt() {
    Example codex = ProviderExamples.all().stream().filter(e -> e.provider().equals("codex-api")).findFirst().orElseThrow();
    assertThat(worker.putProvider("codex-api", codex.body()).status()).isEqualTo(200);

    JsonObject card = worker.putProvider("codex-api", new JsonObject().put("fields", new JsonObject().put("model", "gpt-5"))).json();
    assertThat(card.getJsonObject("fields").getJsonObject("apiKey").getBoolean("set")).isTrue();
    assertThat(card.getJsonObject("fields").getJsonObject("apiKey").getString("hint")).isEqualTo("…2223");

    Http.Response cleared = worker.putProvider("codex-api", new JsonObject().put("fields", new JsonObject().putNull("apiKey")));
    assertThat(cleared.fieldErrors()).containsKey("fields.apiKey"); // required, so it cannot be cleared
  }

  @Test
  void settingsSurviveARestart(@TempDir Path otherDir) {
    Example vertex = ProviderExamples.all().stream().filter(e -> e.authMethod().equals("service_account_json")).findFirst().orElseThrow();
    try (TestWorker first = TestWorker.start(otherDir)) {
      assertThat(first.putProvider("vertex-ai", vertex.body()).status()).isEqualTo(200);
    }
    try (TestWorker second = TestWorker.start(otherDir)) {
      JsonObject card = second.http().get("/api/v1/providers/vertex-ai").json();
      assertThat(card.getBoolean("configured")).isTrue();
      assertThat(card.getJsonObject("fields").getJsonObject("serviceAccountJson").getBoolean("set")).isTrue();
      assertThat(second.worker().context().providers().get("vertex-ai").orElseThrow().value("serviceAccountJson"))
          .isEqualTo(vertex.fields().getString("serviceAccountJson"));
    }
  }
}
