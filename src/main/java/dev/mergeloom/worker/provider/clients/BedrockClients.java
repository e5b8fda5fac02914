package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.config.providers.AuthMethods;
import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.ProviderClient;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * Builds Bedrock clients: one shared Netty HTTP client (the SDK's own event loops), one SDK
 * client per configuration, with the region always set (the default region chain would probe
 * instance metadata) and credentials per auth method.
 */
public final class BedrockClients {
  private final Vertx vertx;
  private final OutboundSettings settings;
  private final TrustManagerFactory trust;
  /** Made on first use: its event loops cost threads, and closing it takes 2 s of Netty quiet period. */
  private SdkAsyncHttpClient http;
  private final List<BedrockRuntimeAsyncClient> clients = new CopyOnWriteArrayList<>();

  public BedrockClients(Vertx vertx, OutboundSettings settings, TrustManagerFactory trust) {
    this.vertx = vertx;
    this.settings = settings;
    this.trust = trust;
  }

  private synchronized SdkAsyncHttpClient http() {
    if (http != null) {
      return http;
    }
    NettyNioAsyncHttpClient.Builder b = NettyNioAsyncHttpClient.builder()
        .connectionTimeout(settings.connectTimeout())
        .maxConcurrency(200);
    if (trust != null) {
      b.tlsTrustManagersProvider(trust::getTrustManagers);
    }
    if (settings.httpsProxy() != null) {
      URI proxy = URI.create(settings.httpsProxy().contains("://") ? settings.httpsProxy() : "http://" + settings.httpsProxy());
      b.proxyConfiguration(ProxyConfiguration.builder().scheme(proxy.getScheme()).host(proxy.getHost())
          .port(proxy.getPort() > 0 ? proxy.getPort() : 80)
          .nonProxyHosts(new java.util.HashSet<>(settings.noProxy())).build());
    }
    http = b.build();
    return http;
  }

  ProviderClient client(ResolvedProvider p, OutboundSettings policy) {
    String endpoint = p.value(Fields.ENDPOINT_URL);
    URI target = URI.create(endpoint != null ? endpoint : "https://bedrock-runtime." + p.value(Fields.REGION) + ".amazonaws.com");
    // As the SDK's HTTP client below: HTTPS_PROXY for every endpoint that NO_PROXY does not name.
    boolean proxied = settings.httpsProxy() != null && !settings.bypassesProxy(target.getHost());
    java.net.InetSocketAddress direct = proxied ? null : java.net.InetSocketAddress.createUnresolved(target.getHost(),
        target.getPort() > 0 ? target.getPort() : target.getScheme().equalsIgnoreCase("https") ? 443 : 80);
    return new BedrockChatClient(vertx, () -> build(p, policy, endpoint), endpoint != null ? endpoint
        : "bedrock-runtime." + p.value(Fields.REGION) + ".amazonaws.com", direct).whenClosed(clients::remove);
  }

  /** Builds the SDK client; slow on first use, so the caller runs it on a worker thread. */
  private BedrockRuntimeAsyncClient build(ResolvedProvider p, OutboundSettings policy, String endpoint) {
    var builder = BedrockRuntimeAsyncClient.builder()
        .region(Region.of(p.value(Fields.REGION)))
        .credentialsProvider(credentials(p))
        .httpClient(http())
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .apiCallTimeout(policy.retryBudget())
            .apiCallAttemptTimeout(policy.requestTimeout())
            .build());
    if (endpoint != null) {
      builder.endpointOverride(URI.create(endpoint));
    }
    BedrockRuntimeAsyncClient client = builder.build();
    clients.add(client);
    return client;
  }

  private static AwsCredentialsProvider credentials(ResolvedProvider p) {
    return switch (p.authMethod().value()) {
      case AuthMethods.STATIC_KEYS -> StaticCredentialsProvider.create(p.value(Fields.SESSION_TOKEN) == null
          ? AwsBasicCredentials.create(p.value(Fields.ACCESS_KEY_ID), p.value(Fields.SECRET_ACCESS_KEY))
          : AwsSessionCredentials.create(p.value(Fields.ACCESS_KEY_ID), p.value(Fields.SECRET_ACCESS_KEY), p.value(Fields.SESSION_TOKEN)));
      case AuthMethods.PROFILE -> ProfileCredentialsProvider.builder().profileName(p.value(Fields.PROFILE)).build();
      default -> DefaultCredentialsProvider.builder().build();
    };
  }

  /** How many SDK clients are open now. */
  int open() {
    return clients.size();
  }

  public synchronized void close() {
    clients.forEach(BedrockRuntimeAsyncClient::close);
    if (http != null) {
      http.close();
    }
  }
}
