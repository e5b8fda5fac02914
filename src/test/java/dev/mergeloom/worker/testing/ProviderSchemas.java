package dev.mergeloom.worker.testing;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.MessageCreateParams;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The providers' published request and reply schemas (src/test/resources/provider-schemas, with
 * their sources in its README) as checks: each answers the problems of a body, every one naming
 * the field and the rule, or nothing when the body conforms. No rule here is written by hand:
 * OpenAI, Azure and Bedrock through a JSON Schema validator on the vendored schemas, Gemini
 * through Google's generated aiplatform v1 messages with protobuf's strict JSON parser, Anthropic
 * through the types its SDK generates from Anthropic's API description.
 */
public enum ProviderSchemas {
  OPENAI_CHAT_REQUEST("openai/chat-completions.schema.json", "CreateChatCompletionRequest"),
  OPENAI_CHAT_REPLY("openai/chat-completions.schema.json", "CreateChatCompletionResponse"),
  RESPONSES_REQUEST("openai/responses.schema.json", "CreateResponse"),
  RESPONSES_REPLY("openai/responses.schema.json", "Response"),
  AZURE_CHAT_REQUEST("azure/chat-completions-2024-10-21.schema.json", "createChatCompletionRequest"),
  AZURE_CHAT_REPLY("azure/chat-completions-2024-10-21.schema.json", "createChatCompletionResponse"),
  BEDROCK_CONVERSE_REQUEST("bedrock/converse.schema.json", "ConverseRequest"),
  BEDROCK_CONVERSE_REPLY("bedrock/converse.schema.json", "ConverseResponse"),
  GEMINI_REQUEST(null, "GenerateContentRequest"),
  GEMINI_REPLY(null, "GenerateContentResponse"),
  ANTHROPIC_REQUEST(null, "MessageCreateParams.Body");

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Map<ProviderSchemas, Schema> LOADED = new ConcurrentHashMap<>();

  private final String file;
  private final String definition;

  ProviderSchemas(String file, String definition) {
    this.file = file;
    this.definition = definition;
  }

  /** The request schema of the service a scripted model plays in this wire format. */
  public static ProviderSchemas requestOf(WireFake wire) {
    return switch (wire) {
      case OPENAI_CHAT -> OPENAI_CHAT_REQUEST;
      case RESPONSES -> RESPONSES_REQUEST;
      case ANTHROPIC -> ANTHROPIC_REQUEST;
      case GEMINI -> GEMINI_REQUEST;
      case BEDROCK -> BEDROCK_CONVERSE_REQUEST;
    };
  }

  /** The body's problems against this schema; empty when it conforms. */
  public List<String> problems(JsonObject body) {
    return switch (this) {
      case GEMINI_REQUEST -> proto(body, GenerateContentRequest.newBuilder());
      case GEMINI_REPLY -> proto(body, GenerateContentResponse.newBuilder());
      case ANTHROPIC_REQUEST -> anthropic(body);
      default -> LOADED.computeIfAbsent(this, s -> REGISTRY.getSchema(SchemaLocation.of(
          "classpath:provider-schemas/" + s.file + "#/$defs/" + s.definition)))
          .validate(body.encode(), InputFormat.JSON).stream().map(ProviderSchemas::describe).toList();
    };
  }

  /** Fails with every problem, the schema's name and the body when the body does not conform. */
  public void check(JsonObject body) {
    List<String> problems = problems(body);
    if (!problems.isEmpty()) {
      throw new AssertionError(name() + " (" + definition + ") refuses the body:\n  " + String.join("\n  ", problems)
          + "\nbody: " + body.encodePrettily());
    }
  }

  private static String describe(Error e) {
    return e.getInstanceLocation() + ": " + e.getMessage() + " [" + e.getKeyword() + " at " + e.getEvaluationPath() + "]";
  }

  /** Strict: an unknown field or enum value (lower-case "object" for Type) is an error. */
  private static List<String> proto(JsonObject body, com.google.protobuf.Message.Builder builder) {
    try {
      JsonFormat.parser().merge(body.encode(), builder);
      return List.of();
    } catch (InvalidProtocolBufferException e) {
      return List.of(e.getMessage());
    }
  }

  /**
   * The SDK's generated request type: read, validated (required fields, each union's known
   * variants, down through messages and their content blocks), and no top-level property the type
   * does not declare.
   */
  private static List<String> anthropic(JsonObject body) {
    try {
      MessageCreateParams.Body parsed = ObjectMappers.jsonMapper().readValue(body.encode(), MessageCreateParams.Body.class);
      parsed.validate();
      if (!parsed._additionalProperties().isEmpty()) {
        return List.of("unknown properties " + parsed._additionalProperties().keySet());
      }
      return List.of();
    } catch (Exception e) {
      return List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
