package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.jobs.loop.JobTools;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.Message.ToolResult;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.wire.AnthropicCodec;
import dev.mergeloom.worker.provider.wire.GeminiCodec;
import dev.mergeloom.worker.provider.wire.OpenAiChatCodec;
import dev.mergeloom.worker.provider.wire.OpenAiChatCodec.TokenField;
import dev.mergeloom.worker.provider.wire.ResponsesCodec;
import dev.mergeloom.worker.selftest.SelfTestService;
import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.ProviderSchemas;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * Every request body each wire format sends, in a self-test and in a multi-turn job (parallel
 * calls, tool results and errors, an empty reply, a refusal, text, Gemini thought signatures),
 * held against the provider's published schema; Bedrock's is the body the real AWS SDK sends.
 * Where a service refuses what its schema allows, the check says so and names the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireSchemasTest {
  private final Vertx vertx = Vertx.vertx();
  private FakeProvider fake;
  private BedrockRuntimeAsyncClient sdk;

  @BeforeAll
  void start() {
    fake = new FakeProvider();
    fake.respond(r -> Reply.json(200, WireFake.BEDROCK.text("ok")));
    sdk = BedrockRuntimeAsyncClient.builder().endpointOverride(URI.create(fake.url())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTFAKE000", "s")))
        .build();
  }

  @AfterAll
  void stop() {
    sdk.close();
    fake.close();
    vertx.close().await();
  }

  /** A job's later turn: what the tool loop has in its history by then. */
  static ChatRequest multiTurn(String model) {
    ToolCall list = new ToolCall("call_1", "list_files", "{}", "c2lnLWE=");
    ToolCall read = new ToolCall("call_2", "read_file", "{\"path\":\"calc.py\"}", null);
    ToolCall diff = new ToolCall("call_3", "show_diff", "{}", "c2lnLWI=");
    List<Message> history = List.of(
        Message.user("# Ticket CALC-1: Fix add()\n\nadd(2, 3) must be 5"),
        Message.assistant(null, List.of(list, read)),
        Message.toolResults(List.of(new ToolResult("call_1", "list_files", "calc.py\ntest_calc.py", false),
            new ToolResult("call_2", "read_file", "no such file: calc.py", true))),
        Message.assistant(null, List.of()), // an empty reply, as a loop before this fix kept it
        Message.user("You returned nothing: no text and no tool call."),
        Message.assistant("[refusal] I can't help with that.", List.of()),
        Message.user("Use the tools to work on the task."),
        Message.assistant("Let me look at the change.", List.of(diff)),
        Message.toolResults(List.of(new ToolResult("call_3", "show_diff", "(no changes)", false))));
    return new ChatRequest(model, "You are a coding agent.", history, JobTools.specs(), null, 8192);
  }

  static ChatRequest selfTest(String model) {
    return SelfTestService.probe(model, JobTools.specs());
  }

  record Case(String name, Function<ChatRequest, JsonObject> encode, ProviderSchemas schema, String model) {
    @Override
    public String toString() {
      return name;
    }
  }

  Stream<Case> wires() {
    return Stream.of(
        new Case("openai-compatible chat", r -> new OpenAiChatCodec(true).encode(r), ProviderSchemas.OPENAI_CHAT_REQUEST,
            "qwen3-coder"),
        new Case("OpenAI chat, reasoning model", r -> new OpenAiChatCodec(true, null, true).encode(r),
            ProviderSchemas.OPENAI_CHAT_REQUEST, "o3-mini"),
        new Case("Azure OpenAI deployment", r -> new OpenAiChatCodec(false, null, true).encode(r),
            ProviderSchemas.AZURE_CHAT_REQUEST, "gpt-4o-prod"),
        new Case("Responses", r -> new ResponsesCodec().encode(r), ProviderSchemas.RESPONSES_REQUEST, "gpt-5"),
        new Case("Anthropic", r -> new AnthropicCodec(false).encode(r), ProviderSchemas.ANTHROPIC_REQUEST,
            "claude-sonnet-4-5"),
        // Vertex's rawPredict takes the model in the URL and the API version in the body, where the
        // direct API has them the other way round: the check sees the body as the direct API would.
        new Case("Claude on Vertex", r -> asDirectApi(new AnthropicCodec(true).encode(r), r.model()),
            ProviderSchemas.ANTHROPIC_REQUEST, "claude-sonnet-4-5@20250929"),
        new Case("Gemini on Vertex", r -> new GeminiCodec().encode(r), ProviderSchemas.GEMINI_REQUEST, "gemini-2.5-pro"),
        new Case("Bedrock Converse (AWS SDK)", this::throughTheAwsSdk, ProviderSchemas.BEDROCK_CONVERSE_REQUEST,
            "anthropic.claude-sonnet-4-5-v1:0"));
  }

  private static JsonObject asDirectApi(JsonObject vertexBody, String model) {
    assertThat(vertexBody.remove("anthropic_version")).isEqualTo("vertex-2023-10-16");
    assertThat(vertexBody.containsKey("model")).isFalse();
    return vertexBody.put("model", model);
  }

  private JsonObject throughTheAwsSdk(ChatRequest request) {
    new BedrockChatClient(vertx, () -> sdk, fake.url()).chat(request).await();
    return fake.last().json();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wires")
  void theSelfTestsRequestConformsAndDeclaresTheJobsTools(Case wire) {
    JsonObject body = wire.encode().apply(selfTest(wire.model()));
    wire.schema().check(body);
    assertThat(body.encode()).contains("\"report_status\"").contains("\"run_command\"").contains("\"show_diff\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wires")
  void aMultiTurnJobsRequestConformsAndCarriesNoEmptyTurn(Case wire) {
    JsonObject body = wire.encode().apply(multiTurn(wire.model()));
    wire.schema().check(body);
    String encoded = body.encode();
    // Refused by the services though their schemas allow it (an empty content array, or parts, is
    // valid JSON for each): Anthropic "messages.0: all messages must have non-empty content except for
    // the optional final assistant message" (anthropics/claude-code#3196, corespeed-io/zypher-agent#122),
    // Gemini "GenerateContentRequest.contents[...].parts: contents.parts must not be empty" (vercel/ai#3775),
    // Bedrock "The content field in the Message object at messages.X is empty" (earendil-works/pi#3443,
    // langchain-ai/langchain-aws#403).
    assertThat(encoded).doesNotContain("\"content\":[]").doesNotContain("\"parts\":[]")
        .doesNotContain("{\"role\":\"assistant\",\"content\":null}");
    assertThat(encoded).contains("I can't help with that").as("the refusal stays in the history");
    JsonArray turns = body.getJsonArray("messages", body.getJsonArray("contents"));
    if (wire.schema() != ProviderSchemas.OPENAI_CHAT_REQUEST && wire.schema() != ProviderSchemas.AZURE_CHAT_REQUEST
        && turns != null) {
      // Anthropic, Gemini and Bedrock want the user and the model to alternate.
      for (int i = 1; i < turns.size(); i++) {
        assertThat(turns.getJsonObject(i).getString("role")).as("turn %d of %s", i, encoded)
            .isNotEqualTo(turns.getJsonObject(i - 1).getString("role"));
      }
    }
  }

  @Test
  void geminiDeclaresArgumentlessToolsWithoutParametersAndTypesAsTheProtoEnum() {
    JsonObject body = new GeminiCodec().encode(selfTest("gemini-2.5-pro"));
    JsonArray declarations = body.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations");
    JsonObject showDiff = declarations.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("name").equals("show_diff")).findFirst().orElseThrow();
    // Valid in the proto, refused by the service: "GenerateContentRequest.tools[0].function_declarations[0]
    // .parameters.properties: should be non-empty for OBJECT type" (langchain-ai/langchainjs#7935,
    // brainlid/langchain#183, BerriAI/litellm#18237): a tool without arguments is declared without parameters.
    assertThat(showDiff.containsKey("parameters")).isFalse();
    JsonObject run = declarations.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("name").equals("run_command")).findFirst().orElseThrow();
    assertThat(run.getJsonObject("parameters").getString("type")).isEqualTo("OBJECT");
    assertThat(run.getJsonObject("parameters").getJsonObject("properties").getJsonObject("argv")
        .getJsonObject("items").getString("type")).isEqualTo("STRING");
    // The strict proto parser is what catches the old spelling: it is not a lenient check.
    JsonObject old = body.copy();
    old.getJsonArray("tools").getJsonObject(0).getJsonArray("functionDeclarations").getJsonObject(0)
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()));
    assertThat(ProviderSchemas.GEMINI_REQUEST.problems(old)).singleElement().asString().contains("object");
  }

  /** Each check refuses a body its service would refuse: none of them passes everything. */
  @Test
  void theChecksAreNotLenient() {
    JsonObject chat = new OpenAiChatCodec(true).encode(selfTest("m"));
    assertThat(ProviderSchemas.OPENAI_CHAT_REQUEST.problems(chat.copy().put("tool_choice", "sometimes"))).isNotEmpty();
    assertThat(ProviderSchemas.AZURE_CHAT_REQUEST.problems(chat.copy().put("messages", new JsonArray()
        .add(new JsonObject().put("content", "no role"))))).isNotEmpty();
    JsonObject responses = new ResponsesCodec().encode(selfTest("m"));
    assertThat(ProviderSchemas.RESPONSES_REQUEST.problems(responses.copy().put("input", 42))).isNotEmpty();
    assertThat(ProviderSchemas.RESPONSES_REQUEST.problems(responses.copy().put("tool_choice", "sometimes"))).isNotEmpty();
    JsonObject anthropic = new AnthropicCodec(false).encode(selfTest("m"));
    assertThat(ProviderSchemas.ANTHROPIC_REQUEST.problems(anthropic.copy().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(new JsonObject().put("type", "bogus"))))))).isNotEmpty();
    assertThat(ProviderSchemas.ANTHROPIC_REQUEST.problems(anthropic.copy().put("maxTokens", 5))).isNotEmpty();
    JsonObject bedrock = throughTheAwsSdk(selfTest("m"));
    assertThat(ProviderSchemas.BEDROCK_CONVERSE_REQUEST.problems(bedrock.copy().put("toolConfig", new JsonObject()
        .put("tools", new JsonArray()).put("toolChoice", new JsonObject().put("auto", new JsonObject())
            .put("any", new JsonObject()))))).isNotEmpty();
    assertThat(ProviderSchemas.GEMINI_REQUEST.problems(new GeminiCodec().encode(selfTest("m")).put("temperature", 1)))
        .isNotEmpty();
  }

  @Test
  void theReplyLimitFieldFollowsTheServiceAndTheModelFamily() {
    ChatRequest o3 = selfTest("o3");
    ChatRequest gpt4o = selfTest("gpt-4o");
    assertThat(new OpenAiChatCodec(true, null, true).encode(o3).containsKey("max_completion_tokens")).isTrue();
    assertThat(new OpenAiChatCodec(true, null, true).encode(o3).containsKey("max_tokens")).isFalse();
    assertThat(new OpenAiChatCodec(true, null, true).encode(selfTest("gpt-5-mini")).containsKey("max_completion_tokens"))
        .isTrue();
    assertThat(new OpenAiChatCodec(true, null, true).encode(gpt4o).containsKey("max_tokens")).isTrue();
    assertThat(new OpenAiChatCodec(true, null, false).encode(o3).containsKey("max_tokens"))
        .as("a self-hosted server knows only max_tokens").isTrue();
    assertThat(new OpenAiChatCodec(true, TokenField.MAX_COMPLETION_TOKENS, false).encode(gpt4o)
        .containsKey("max_completion_tokens")).as("the operator's choice wins").isTrue();
    assertThat(TokenField.reasoningModel("openai/o4-mini")).isTrue();
    assertThat(TokenField.reasoningModel("omni-moderation")).isFalse();
  }

  @Test
  void theSpecsExampleRepliesDecode() {
    for (String name : List.of("openai-chat-default", "openai-chat-functions", "openai-chat-logprobs")) {
      JsonObject reply = example(name);
      assertThat(new OpenAiChatCodec(true).decode(reply).text() != null
          || !new OpenAiChatCodec(true).decode(reply).toolCalls().isEmpty()).as(name).isTrue();
    }
    assertThat(new OpenAiChatCodec(true).decode(example("openai-chat-functions")).toolCalls()).isNotEmpty();
    for (String name : List.of("openai-responses-text-input", "openai-responses-functions", "openai-responses-reasoning")) {
      JsonObject reply = example(name);
      new ResponsesCodec().decode(reply);
    }
    assertThat(new ResponsesCodec().decode(example("openai-responses-functions")).toolCalls()).isNotEmpty();
    JsonObject azure = example("azure-chat-completions-2024-10-21").getJsonObject("responses").getJsonObject("200")
        .getJsonObject("body");
    assertThat(new OpenAiChatCodec(false).decode(azure).text()).startsWith("Ahoy matey!");
  }

  /** Replies recorded from the real services (src/test/resources/provider-replies) fit their descriptions. */
  @Test
  void recordedRepliesConformToTheirDescriptions() {
    for (String name : List.of("gemini/parallel-function-calls-thought-signature.json",
        "gemini/function-call-finish-message.json")) {
      ProviderSchemas.GEMINI_REPLY.check(dev.mergeloom.worker.provider.wire.Fixtures.json(name));
    }
    for (String name : List.of("bedrock-converse/text-then-tool-use.json")) {
      ProviderSchemas.BEDROCK_CONVERSE_REPLY.check(dev.mergeloom.worker.provider.wire.Fixtures.json(name));
    }
  }

  private static JsonObject example(String name) {
    try (var in = WireSchemasTest.class.getClassLoader().getResourceAsStream("provider-schemas/examples/" + name + ".json")) {
      return new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.io.IOException | NullPointerException e) {
      throw new AssertionError("missing example provider-schemas/examples/" + name + ".json", e);
    }
  }
}
