package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.provider.ToolCall;
import dev.mergeloom.worker.provider.ToolSpec;
import dev.mergeloom.worker.provider.wire.Fixtures;
import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** Recorded Bedrock replies and errors, served by a fake and read through the real AWS SDK. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockFixturesTest {
  private final Vertx vertx = Vertx.vertx();
  private FakeProvider fake;
  private BedrockRuntimeAsyncClient sdk;
  private BedrockChatClient client;

  @BeforeAll
  void start() {
    fake = new FakeProvider();
    sdk = BedrockRuntimeAsyncClient.builder().endpointOverride(URI.create(fake.url())).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTFAKE000", "test-secret")))
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build();
    client = new BedrockChatClient(vertx, () -> sdk, fake.url());
  }

  @AfterAll
  void stop() {
    sdk.close();
    fake.close();
    vertx.close().await();
  }

  private static ChatRequest request() {
    return new ChatRequest("anthropic.claude-3-sonnet-20240229-v1:0", "system text", List.of(Message.user("hi")),
        List.of(new ToolSpec("get_resistor_value", "d", new JsonObject().put("type", "object"))), null, 256);
  }

  @Test
  void textThenParallelToolUse() {
    fake.respond(r -> Reply.json(200, Fixtures.text("bedrock-converse/text-then-parallel-tool-use.json")));
    ChatReply reply = client.chat(request()).await();
    assertThat(reply.text()).isEqualTo("Sure! I'll look up both values simultaneously right away!");
    assertThat(reply.toolCalls()).extracting(ToolCall::name).containsExactly("get_resistor_value", "get_capacitor_value");
    assertThat(reply.toolCalls().get(0).arguments()).isEqualTo(new JsonObject().put("ref", "R1"));
    assertThat(reply.stopReason()).isEqualTo("tool_use");
    assertThat(reply.usage().inputTokens()).isPositive();
    JsonObject sent = fake.last().json();
    assertThat(sent.getJsonArray("system").getJsonObject(0).getString("text")).isEqualTo("system text");
    assertThat(sent.getJsonObject("toolConfig").getJsonObject("toolChoice").containsKey("auto")).isTrue();
  }

  @Test
  void textThenToolUseMatchesTheRecordedRequestShape() {
    fake.respond(r -> Reply.json(200, Fixtures.text("bedrock-converse/text-then-tool-use.json")));
    ChatReply reply = client.chat(request()).await();
    assertThat(reply.toolCalls()).hasSize(1);
    JsonObject recorded = Fixtures.json("bedrock-converse/text-then-tool-use.request.json");
    JsonObject sent = fake.last().json();
    assertThat(sent.getJsonArray("messages").getJsonObject(0).fieldNames())
        .isEqualTo(recorded.getJsonArray("messages").getJsonObject(0).fieldNames());
    assertThat(sent.getJsonObject("toolConfig").getJsonArray("tools").getJsonObject(0).getJsonObject("toolSpec").fieldNames())
        .containsAll(recorded.getJsonObject("toolConfig").getJsonArray("tools").getJsonObject(0).getJsonObject("toolSpec").fieldNames());
  }

  @Test
  void errorTypesThatTravelOnlyInTheHeader() {
    fake.respond(r -> Reply.json(403, Fixtures.text("errors/bedrock-expired-token-403.json"))
        .header("x-amzn-ErrorType", "ExpiredTokenException"));
    assertThatThrownBy(() -> client.chat(request()).await()).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.AUTH);
      assertThat(e.getMessage()).contains("ExpiredTokenException");
    });
    fake.respond(r -> Reply.json(400, Fixtures.text("errors/bedrock-validation-exception-400.json"))
        .header("x-amzn-ErrorType", "ValidationException"));
    assertThatThrownBy(() -> client.chat(request()).await()).isInstanceOfSatisfying(ProviderException.class, e -> {
      assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
      assertThat(e.getMessage()).contains("toolUse.name");
    });
    fake.clear();
    fake.respond(r -> Reply.json(429, Fixtures.text("errors/bedrock-throttling-exception-429.json"))
        .header("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"));
    assertThatThrownBy(() -> client.chat(request()).await()).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED));
    assertThat(fake.requests()).as("the SDK retried the throttled call").hasSizeGreaterThan(1);
  }

  @Test
  void aMissingFixtureFailsAtOnceNamingTheFile() {
    fake.respond(r -> Reply.json(200, Fixtures.text("bedrock-converse/no-such-recording.json")));
    long started = System.nanoTime();
    assertThatThrownBy(() -> client.chat(request()).await()).isInstanceOfSatisfying(ProviderException.class,
        e -> assertThat(e.getMessage()).contains("bedrock-converse/no-such-recording.json"));
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("not a read timeout")
        .isLessThan(java.time.Duration.ofSeconds(1));
  }
}
