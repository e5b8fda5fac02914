package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.credentials.RequestAuth;
import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.HttpTransport;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.provider.ProviderException.Kind;
import dev.mergeloom.worker.provider.wire.WireCodec;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/** A provider reached with one JSON POST per turn: any wire codec, any {@link RequestAuth}. */
public final class HttpChatClient implements ProviderClient {
  private final HttpTransport transport;
  private final String url;
  private final WireCodec codec;
  private final RequestAuth auth;
  private final MultiMap extraHeaders;
  private final OutboundSettings policy;
  /** Where the endpoint lists its models ({@code data[].id}, OpenAI and Anthropic style), or null. */
  private final String modelsUrl;

  public HttpChatClient(HttpTransport transport, String url, WireCodec codec, RequestAuth auth, MultiMap extraHeaders,
      OutboundSettings policy) {
    this(transport, url, codec, auth, extraHeaders, policy, null);
  }

  public HttpChatClient(HttpTransport transport, String url, WireCodec codec, RequestAuth auth, MultiMap extraHeaders,
      OutboundSettings policy, String modelsUrl) {
    this.modelsUrl = modelsUrl;
    this.transport = transport;
    this.url = url;
    this.codec = codec;
    this.auth = auth;
    this.extraHeaders = extraHeaders;
    this.policy = policy;
  }

  @Override
  public Future<ChatReply> chat(ChatRequest request) {
    String body = codec.encode(request).encode();
    return auth.headers()
        .recover(e -> Future.failedFuture(e instanceof ProviderException p ? p
            : new ProviderException(Kind.CREDENTIALS, "could not obtain credentials: " + describe(e))))
        .compose(headers -> transport.postJson(url, MultiMap.caseInsensitiveMultiMap().addAll(headers).addAll(extraHeaders),
            body, policy))
        .map(reply -> codec.decode(parse(reply.body())));
  }

  @Override
  public Future<java.util.List<String>> models() {
    if (modelsUrl == null) {
      return ProviderClient.super.models();
    }
    return auth.headers()
        .recover(e -> Future.failedFuture(e instanceof ProviderException p ? p
            : new ProviderException(Kind.CREDENTIALS, "could not obtain credentials: " + describe(e))))
        .compose(headers -> transport.getJson(modelsUrl, MultiMap.caseInsensitiveMultiMap().addAll(headers)
            .addAll(extraHeaders), policy))
        .map(reply -> {
          io.vertx.core.json.JsonArray data = parse(reply.body()).getJsonArray("data");
          if (data == null) {
            throw new ProviderException(Kind.BAD_RESPONSE, "the model list has no data array");
          }
          return data.stream().filter(JsonObject.class::isInstance).map(m -> ((JsonObject) m).getString("id"))
              .filter(java.util.Objects::nonNull).sorted().distinct().toList();
        });
  }

  private static JsonObject parse(String body) {
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      String start = body.strip();
      start = start.length() > 80 ? start.substring(0, 80) + "…" : start;
      throw new ProviderException(Kind.BAD_RESPONSE, "the answer is not JSON (it starts with '"
          + start.replaceAll("\\s+", " ") + "')");
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ");
  }

  @Override
  public String endpointDescription() {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
  }
}
