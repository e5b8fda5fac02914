package dev.mergeloom.worker.selftest;

import static dev.mergeloom.worker.selftest.ContractSetup.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Recorded;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.ProviderExamples;
import dev.mergeloom.worker.testing.TestCertificate;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared contract suite: every API provider path and auth method, against a local fake
 * speaking its real wire format (and fake token endpoints for Google and Entra ID, the real AWS
 * SDK for Bedrock), must pass the self-test, and must fail each failure class with the right code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderContractTest {
  static final String CANARY_KEY = "canary-contract-key-5d5d5d";
  private FakeProvider api;
  private FakeProvider entra;
  private TestWorker worker;
  private LogCapture log;
  private Path workloadToken;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    TestCertificate cert = TestCertificate.create(dir);
    api = new FakeProvider();
    entra = new FakeProvider(cert);
    entra.respond(r -> r.path().endsWith("/oauth2/v2.0/token")
        ? Reply.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"fake-aad-token\"}")
        : Reply.json(404, "{}"));
    workloadToken = Files.writeString(dir.resolve("azure-identity-token"), "eyJ.fake-federated.jwt");
    Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
    env.put("JCA_WORKER_SELF_TEST_TIMEOUT_SECONDS", "5");
    env.put("JCA_WORKER_CA_BUNDLE", cert.pem().toString());
    env.put("AZURE_AUTHORITY_HOST", entra.url());
    log = new LogCapture(false);
    worker = TestWorker.start(env);
    // The first Bedrock call loads the AWS SDK and starts its event loops, which can take longer
    // than the short self-test limit used here; warm every setup once so no case pays for it.
    for (ContractSetup s : setups()) {
      answer(w -> Reply.json(200, w.call("report_status", new JsonObject().put("status", "ok"))), s.wire());
      configureAndTest(s, api.url());
    }
  }

  @AfterAll
  void stop() {
    worker.close();
    log.close();
    api.close();
    entra.close();
    assertThat(log.output()).doesNotContain(CANARY_KEY).doesNotContain("has been blocked");
    Http.received().forEach(body -> assertThat(body).doesNotContain(CANARY_KEY));
  }

  @BeforeEach
  void reset() {
    api.clear();
  }

  List<ContractSetup> setups() {
    String token = workloadToken.toString();
    return List.of(
        new ContractSetup("openai-compatible/none", "openai-compatible",
            url -> body("none", new JsonObject().put("baseUrl", url + "/v1").put("model", "qwen3-coder")),
            WireFake.OPENAI_CHAT, r -> r.path().equals("/v1/chat/completions") && r.headers().get("Authorization") == null
                && ContractSetup.chatForced(r.json()) && "qwen3-coder".equals(r.json().getString("model"))),
        new ContractSetup("openai-compatible/bearer", "openai-compatible",
            url -> body("bearer", new JsonObject().put("baseUrl", url + "/v1/").put("model", "m").put("apiKey", CANARY_KEY)),
            WireFake.OPENAI_CHAT, r -> r.path().equals("/v1/chat/completions")
                && ("Bearer " + CANARY_KEY).equals(r.headers().get("Authorization")) && ContractSetup.chatForced(r.json())),
        new ContractSetup("codex-api/api_key", "codex-api",
            url -> body("api_key", new JsonObject().put("baseUrl", url + "/v1").put("model", "gpt-5-codex").put("apiKey", CANARY_KEY)),
            WireFake.RESPONSES, r -> r.path().equals("/v1/responses")
                && ("Bearer " + CANARY_KEY).equals(r.headers().get("Authorization")) && ContractSetup.responsesForced(r.json())),
        new ContractSetup("claude-api/api_key", "claude-api",
            url -> body("api_key", new JsonObject().put("baseUrl", url).put("model", "claude-sonnet-4-5").put("apiKey", CANARY_KEY)),
            WireFake.ANTHROPIC, r -> r.path().equals("/v1/messages") && CANARY_KEY.equals(r.headers().get("x-api-key"))
                && "2023-06-01".equals(r.headers().get("anthropic-version")) && ContractSetup.anthropicForced(r.json())
                && r.json().getInteger("max_tokens") > 0),
        new ContractSetup("azure-foundry/api_key (deployment path)", "azure-foundry",
            url -> body("api_key", new JsonObject().put("endpoint", url).put("model", "gpt-4o-prod").put("apiKey", CANARY_KEY)),
            WireFake.OPENAI_CHAT, r -> r.uri().equals("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21")
                && CANARY_KEY.equals(r.headers().get("api-key")) && !r.json().containsKey("model")
                && ContractSetup.chatForced(r.json())),
        new ContractSetup("azure-foundry/bearer_token (v1 path)", "azure-foundry",
            url -> body("bearer_token", new JsonObject().put("endpoint", url + "/openai/v1").put("model", "gpt-4o")
                .put("bearerToken", CANARY_KEY)),
            WireFake.OPENAI_CHAT, r -> r.path().equals("/openai/v1/chat/completions")
                && ("Bearer " + CANARY_KEY).equals(r.headers().get("Authorization")) && "gpt-4o".equals(r.json().getString("model"))),
        new ContractSetup("azure-foundry/client_secret (models path)", "azure-foundry",
            url -> body("client_secret", new JsonObject().put("endpoint", url + "/models").put("model", "Mistral-Large")
                .put("tenantId", "00000000-0000-0000-0000-000000000001").put("clientId", "fake-client")
                .put("clientSecret", CANARY_KEY)),
            WireFake.OPENAI_CHAT, r -> r.uri().equals("/models/chat/completions?api-version=2024-05-01-preview")
                && "Bearer fake-aad-token".equals(r.headers().get("Authorization"))
                && entra.requests().stream().anyMatch(t -> t.body().contains("client_secret=" + CANARY_KEY))),
        new ContractSetup("azure-foundry/workload_identity", "azure-foundry",
            url -> body("workload_identity", new JsonObject().put("endpoint", url + "/openai/v1").put("model", "gpt-4o")
                .put("tenantId", "00000000-0000-0000-0000-000000000002").put("clientId", "wi-client")
                .put("federatedTokenFile", token)),
            WireFake.OPENAI_CHAT, r -> "Bearer fake-aad-token".equals(r.headers().get("Authorization"))
                && entra.requests().stream().anyMatch(t -> t.body().contains("client_assertion=eyJ.fake-federated.jwt"))),
        new ContractSetup("vertex-ai/access_token (gemini raw endpoint)", "vertex-ai",
            url -> body("access_token", new JsonObject().put("endpointMode", "raw-endpoint").put("accessToken", CANARY_KEY)
                .put("endpointUrl", url + "/v1/projects/p/locations/global/publishers/google/models/gemini-2.5-pro:generateContent")),
            WireFake.GEMINI, r -> r.path().endsWith("/models/gemini-2.5-pro:generateContent")
                && ("Bearer " + CANARY_KEY).equals(r.headers().get("Authorization")) && ContractSetup.geminiForced(r.json())),
        new ContractSetup("vertex-ai/service_account_json (anthropic rawPredict)", "vertex-ai",
            url -> body("service_account_json", new JsonObject().put("endpointMode", "raw-endpoint")
                .put("serviceAccountJson", ProviderExamples.serviceAccountJson(api.url() + "/token"))
                .put("endpointUrl", url + "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5:rawPredict")),
            WireFake.ANTHROPIC, r -> r.path().endsWith(":rawPredict") && "Bearer ya29.fake-token".equals(r.headers().get("Authorization"))
                && "vertex-2023-10-16".equals(r.json().getString("anthropic_version")) && !r.json().containsKey("model")
                && ContractSetup.anthropicForced(r.json())
                && api.requests().stream().anyMatch(t -> t.path().equals("/token") && t.body().contains("assertion="))),
        new ContractSetup("aws-bedrock/static_keys", "aws-bedrock",
            url -> body("static_keys", new JsonObject().put("region", "us-east-1").put("model", "anthropic.claude-test-v1:0")
                .put("endpointUrl", url).put("accessKeyId", "AKIDTESTFAKE000").put("secretAccessKey", CANARY_KEY)),
            WireFake.BEDROCK, r -> r.path().equals("/model/anthropic.claude-test-v1%3A0/converse")
                && r.headers().get("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDTESTFAKE000/")
                && r.headers().get("Authorization").contains("/us-east-1/bedrock/aws4_request")
                && ContractSetup.bedrockForced(r.json())));
  }

  /** Answers model calls with {@code reply}, and Google token requests with a token. */
  private void answer(Function<WireFake, Reply> reply, WireFake wire) {
    api.respond(r -> r.path().equals("/token")
        ? Reply.json(200, "{\"access_token\":\"ya29.fake-token\",\"expires_in\":3600,\"token_type\":\"Bearer\"}")
        : reply.apply(wire));
  }

  private JsonObject configureAndTest(ContractSetup s, String url) {
    Http.Response put = worker.putProvider(s.provider(), s.settings().apply(url));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    Http.Response run = worker.http().send(io.vertx.core.http.HttpMethod.POST,
        "/api/v1/providers/" + s.provider() + "/self-test", null, Map.of());
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    return run.json();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void passesWhenTheModelCallsTheForcedTool(ContractSetup s) {
    answer(w -> Reply.json(200, w.call("report_status", new JsonObject().put("status", "ok").put("message", "fine"))), s.wire());
    JsonObject result = configureAndTest(s, api.url());
    assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
    assertThat(result.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("name") + "=" + ((JsonObject) c).getString(
        "status")))
        .containsExactly("config=passed", "credentials=passed", "reachable=passed", "tool_call=passed", "arguments=passed");
    assertThat(result.getLong("latencyMs")).isNotNegative();
    Recorded request = api.requests().stream().filter(r -> !r.path().equals("/token")).reduce((a, b) -> b).orElseThrow();
    assertThat(s.requestOk().test(request)).as(request.uri() + " " + request.headers() + " " + request.body()).isTrue();
    ContractSetup.conformsToThePublishedSchema(s, request);

    JsonObject card = worker.http().get("/api/v1/providers/" + s.provider()).json();
    assertThat(card.getBoolean("ready")).isTrue();
    assertThat(card.getJsonObject("selfTest").getString("status")).isEqualTo("passed");
    assertThat(worker.putProvider(s.provider(), new JsonObject().put("fields", new JsonObject()
        .put("modelAliases", new JsonObject().put("x", "changed-" + System.nanoTime())))).status()).isEqualTo(200);
    JsonObject changed = worker.http().get("/api/v1/providers/" + s.provider()).json();
    assertThat(changed.getValue("selfTest")).as("a config change invalidates the result").isNull();
    assertThat(changed.getBoolean("ready")).isFalse();
  }

  enum Failure {
    TEXT("no_tool_call", "answered with text instead of calling the tool"),
    OTHER_TOOL("wrong_tool", "called 'delete_everything' instead of the forced tool"),
    ARGS_NOT_OBJECT("invalid_arguments", "not a JSON object"),
    ARGS_MISSING_REQUIRED("invalid_arguments", "the required property 'status' is missing"),
    TOOLS_REJECTED("tools_rejected", "does not do tool calling"),
    AUTH("auth_failed", "refused the credentials"),
    MODEL_NOT_FOUND("not_found", "model or endpoint was not found"),
    TIMEOUT("timeout", "No answer in time"),
    NOT_JSON("bad_response", "not like this API"),
    UNREACHABLE("unreachable", "Could not connect");

    final String code;
    final String fragment;

    Failure(String code, String fragment) {
      this.code = code;
      this.fragment = fragment;
    }
  }

  Stream<Arguments> failures() {
    return setups().stream().flatMap(s -> Stream.of(Failure.values()).map(f -> Arguments.of(s, f)));
  }

  private static Reply reply(Failure f, WireFake w) {
    boolean bedrock = w == WireFake.BEDROCK;
    return switch (f) {
      case TEXT -> Reply.json(200, w.text("Sure! The status is ok."));
      case OTHER_TOOL -> Reply.json(200, w.call("delete_everything", new JsonObject()));
      case ARGS_NOT_OBJECT -> Reply.json(200, w.call("report_status", "[\"ok\"]"));
      case ARGS_MISSING_REQUIRED -> Reply.json(200, w.call("report_status", new JsonObject().put("message", "hi")));
      case TOOLS_REJECTED -> bedrock
          ? Reply.json(400, "{\"message\":\"This model doesn't support tool use.\"}").header("x-amzn-ErrorType", "ValidationException")
          : Reply.json(400, "{\"error\":{\"message\":\"registry.ollama.ai/library/gemma:2b does not support tools\","
              + "\"type\":\"api_error\",\"param\":null,\"code\":null}}");
      case AUTH -> bedrock
          ? Reply.json(403, "{\"message\":\"The security token included in the request is invalid.\"}")
              .header("x-amzn-ErrorType", "UnrecognizedClientException")
          : Reply.json(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
      case MODEL_NOT_FOUND -> bedrock
          ? Reply.json(404, "{\"message\":\"Could not resolve the foundation model.\"}").header("x-amzn-ErrorType",
              "ResourceNotFoundException")
          : Reply.json(404, "{\"error\":{\"message\":\"The model `nope` does not exist\",\"type\":\"not_found_error\"}}");
      case TIMEOUT -> Reply.json(200, w.call("report_status", new JsonObject().put("status", "ok"))).after(6500);
      case NOT_JSON -> new Reply(200, Map.of("Content-Type", "text/html"), "<html><body>Welcome to nginx</body></html>", 0);
      case UNREACHABLE -> throw new IllegalStateException("no reply: nothing listens");
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("failures")
  void failsEachClassWithACodeAndAnExplanation(ContractSetup s, Failure f) throws Exception {
    String url = f == Failure.UNREACHABLE ? "http://127.0.0.1:" + FakeProvider.closedPort() : api.url();
    if (f != Failure.UNREACHABLE) {
      answer(w -> reply(f, w), s.wire());
    } else {
      answer(w -> Reply.json(500, "{}"), s.wire()); // only the Google token endpoint is reached
    }
    JsonObject result = configureAndTest(s, url);
    assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("failed");
    assertThat(result.getJsonObject("error").getString("code")).as(result.encodePrettily()).isEqualTo(f.code);
    assertThat(result.getJsonObject("error").getString("message")).contains(f.fragment);
    assertThat(result.getJsonArray("checks")).hasSize(5);
    assertThat(result.encode()).doesNotContain(CANARY_KEY);
    JsonObject card = worker.http().get("/api/v1/providers/" + s.provider()).json();
    assertThat(card.getBoolean("ready")).isFalse();
  }
}
