package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ErrorBodies;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.provider.ToolCall;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Bedrock Converse through the AWS SDK's async client (Netty). The call is started from a worker
 * thread, because resolving credentials from the default chain (IMDS, web identity) blocks before
 * the SDK goes asynchronous, and building the SDK client on first use (endpoint rules, Netty event
 * loops) is slow work too; the answer then arrives without tying up any thread.
 */
public final class BedrockChatClient implements ProviderClient {
  private final Vertx vertx;
  private final Lazy<BedrockRuntimeAsyncClient> client;
  private java.util.function.Consumer<BedrockRuntimeAsyncClient> whenClosed = c -> {};
  private final String description;
  /** The endpoint when it is reached without a proxy, for {@link #refine}; null behind a proxy. */
  private final java.net.InetSocketAddress direct;

  /** @param client builds the SDK client; called once, on a worker thread */
  public BedrockChatClient(Vertx vertx, java.util.function.Supplier<BedrockRuntimeAsyncClient> client,
      String description) {
    this(vertx, client, description, null);
  }

  /**
   * @param direct the endpoint's host and port when the worker reaches it without a proxy, so a
   *     call that ran out of time can tell a refused connection from a slow endpoint; else null
   */
  public BedrockChatClient(Vertx vertx, java.util.function.Supplier<BedrockRuntimeAsyncClient> client,
      String description, java.net.InetSocketAddress direct) {
    this.vertx = vertx;
    this.client = memoize(client);
    this.description = description;
    this.direct = direct;
  }

  /** What else to do with the SDK client once it is closed (its factory forgets it). */
  BedrockChatClient whenClosed(java.util.function.Consumer<BedrockRuntimeAsyncClient> then) {
    this.whenClosed = then;
    return this;
  }

  /** Closes the SDK client if it was built; blocks while the SDK shuts it down. */
  @Override
  public void close() {
    client.built().ifPresent(c -> {
      c.close();
      whenClosed.accept(c);
    });
  }

  private static <T> Lazy<T> memoize(java.util.function.Supplier<T> supplier) {
    return new Lazy<>(supplier);
  }

  /** Built once, on first use; says whether it was. */
  private static final class Lazy<T> implements java.util.function.Supplier<T> {
    private final java.util.function.Supplier<T> supplier;
    private T value;

    Lazy(java.util.function.Supplier<T> supplier) {
      this.supplier = supplier;
    }

    @Override
    public synchronized T get() {
      if (value == null) {
        value = supplier.get();
      }
      return value;
    }

    synchronized java.util.Optional<T> built() {
      return java.util.Optional.ofNullable(value);
    }
  }

  @Override
  public Future<ChatReply> chat(ChatRequest request) {
    ConverseRequest converse = encode(request);
    return vertx.executeBlocking(() -> client.get().converse(converse), false)
        .compose(cf -> Future.fromCompletionStage(cf, vertx.getOrCreateContext()))
        .map(BedrockChatClient::decode)
        .recover(e -> refine(map(e)).compose(Future::failedFuture));
  }

  /**
   * When the call ran out of time, one direct connection attempt tells why: the SDK gives up on a
   * connection now and then and retries, so a closed port can end as a timeout with no trace of
   * the refusals. A refused connection means nothing listens there: unreachable, not slow.
   */
  private Future<ProviderException> refine(ProviderException e) {
    if (e.kind() != ProviderException.Kind.TIMEOUT || direct == null) {
      return Future.succeededFuture(e);
    }
    io.vertx.core.net.NetClient probe = vertx.createNetClient(new io.vertx.core.net.NetClientOptions()
        .setConnectTimeout(2_000));
    return probe.connect(direct.getPort(), direct.getHostString())
        .map(socket -> {
          socket.close();
          return e;
        })
        .recover(failure -> Future.succeededFuture(failure instanceof java.net.ConnectException
            ? new ProviderException(ProviderException.Kind.UNREACHABLE, "cannot connect to " + direct.getHostString()
                + ":" + direct.getPort() + " (connection refused)")
            : e))
        .eventually(probe::close);
  }

  static ConverseRequest encode(ChatRequest request) {
    List<software.amazon.awssdk.services.bedrockruntime.model.Message> messages = new ArrayList<>();
    for (Message m : request.messages()) {
      List<ContentBlock> content = new ArrayList<>();
      ConversationRole role = m.role() == Message.Role.ASSISTANT ? ConversationRole.ASSISTANT : ConversationRole.USER;
      if (m.text() != null && !m.text().isBlank()) {
        content.add(ContentBlock.fromText(m.text()));
      }
      for (ToolCall c : m.toolCalls()) {
        content.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(c.id()).name(c.name())
            .input(Documents.fromJson(c.arguments() == null ? new JsonObject() : c.arguments())).build()));
      }
      for (Message.ToolResult r : m.toolResults()) {
        content.add(ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId(r.callId())
            .content(ToolResultContentBlock.fromText(r.content()))
            .status(r.isError() ? ToolResultStatus.ERROR : ToolResultStatus.SUCCESS).build()));
      }
      if (content.isEmpty()) {
        continue; // "ValidationException: The content field in the Message object at messages.1 is empty"
      }
      int last = messages.size() - 1;
      if (last >= 0 && messages.get(last).role() == role) {
        // Converse requires alternating roles: a tool result and a note from the worker become one user turn.
        List<ContentBlock> merged = new ArrayList<>(messages.get(last).content());
        merged.addAll(content);
        messages.set(last, messages.get(last).toBuilder().content(merged).build());
      } else {
        messages.add(software.amazon.awssdk.services.bedrockruntime.model.Message.builder().role(role).content(content)
            .build());
      }
    }
    ConverseRequest.Builder b = ConverseRequest.builder().modelId(request.model()).messages(messages)
        .inferenceConfig(InferenceConfiguration.builder().maxTokens(request.maxTokens()).build());
    if (request.system() != null) {
      b.system(SystemContentBlock.fromText(request.system()));
    }
    if (!request.tools().isEmpty()) {
      b.toolConfig(ToolConfiguration.builder()
          .tools(request.tools().stream().map(t -> Tool.fromToolSpec(ToolSpecification.builder().name(t.name())
              .description(t.description()).inputSchema(ToolInputSchema.fromJson(Documents.fromJson(t.parameters())))
              .build())).toList())
          .toolChoice(request.forcedTool() == null ? ToolChoice.fromAuto(AutoToolChoice.builder().build())
              : ToolChoice.fromTool(SpecificToolChoice.builder().name(request.forcedTool()).build()))
          .build());
    }
    return b.build();
  }

  static ChatReply decode(ConverseResponse response) {
    if (response.output() == null || response.output().message() == null) {
      throw new ProviderException(Kind.BAD_RESPONSE, "the reply is not in the expected format: no output.message");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (ContentBlock block : response.output().message().content()) {
      if (block.text() != null) {
        text.append(block.text());
      }
      if (block.toolUse() != null) {
        Object input = Documents.toJson(block.toolUse().input());
        calls.add(new ToolCall(block.toolUse().toolUseId(), block.toolUse().name(),
            input == null ? null : io.vertx.core.json.Json.encode(input)));
      }
    }
    var usage = response.usage();
    return new ChatReply(text.length() == 0 ? null : text.toString(), calls, response.stopReasonAsString(),
        usage == null ? ChatReply.Usage.NONE : new ChatReply.Usage(usage.inputTokens(), usage.outputTokens()), null);
  }

  static ProviderException map(Throwable failure) {
    Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (e instanceof ProviderException p) {
      return p;
    }
    if (e instanceof AwsServiceException aws) {
      String code = aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null ? ""
          : aws.awsErrorDetails().errorCode();
      String message = aws.awsErrorDetails() == null ? aws.getMessage() : aws.awsErrorDetails().errorMessage();
      if (message == null && aws.awsErrorDetails() != null && aws.awsErrorDetails().rawResponse() != null) {
        // Not an AWS error body (a proxy's or gateway's page, say): its own text says what went wrong.
        message = ErrorBodies.message(aws.awsErrorDetails().rawResponse().asUtf8String());
      }
      Kind kind = switch (code) {
        case "ThrottlingException", "ServiceQuotaExceededException" -> Kind.RATE_LIMITED;
        case "AccessDeniedException", "ExpiredTokenException", "UnrecognizedClientException",
            "InvalidSignatureException" -> Kind.AUTH;
        case "ResourceNotFoundException" -> Kind.NOT_FOUND;
        case "ModelTimeoutException" -> Kind.TIMEOUT;
        case "ValidationException" -> message != null && message.toLowerCase(java.util.Locale.ROOT).contains("tool")
            && message.toLowerCase(java.util.Locale.ROOT).contains("support") ? Kind.TOOLS_REJECTED : Kind.BAD_REQUEST;
        default -> aws.statusCode() >= 500 ? Kind.UNAVAILABLE : aws.statusCode() == 403 ? Kind.AUTH : Kind.BAD_REQUEST;
      };
      return new ProviderException(kind, aws.statusCode(), "HTTP " + aws.statusCode() + ": "
          + (code.isEmpty() ? "" : code + ": ") + message, null);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new ProviderException(Kind.TIMEOUT, "no answer from Bedrock in time (" + e.getMessage() + ")");
    }
    if (e instanceof SdkClientException sdk) {
      String m = String.valueOf(sdk.getMessage());
      String lower = m.toLowerCase(java.util.Locale.ROOT);
      Kind kind = lower.contains("credentials") || lower.contains("profile") ? Kind.CREDENTIALS
          : lower.contains("unmarshall") || lower.contains("parse") || lower.contains("json") ? Kind.BAD_RESPONSE
          : lower.contains("timeout") || lower.contains("timed out") ? Kind.TIMEOUT
          : Kind.UNREACHABLE;
      return new ProviderException(kind, m.replaceAll("\\s+", " "));
    }
    return new ProviderException(Kind.BAD_RESPONSE, e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  @Override
  public String endpointDescription() {
    return description;
  }
}
