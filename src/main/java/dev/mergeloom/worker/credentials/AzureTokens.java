package dev.mergeloom.worker.credentials;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.vertx.core.Vertx;
import javax.net.ssl.SSLContext;

/**
 * Entra ID tokens for Azure AI Foundry / Azure OpenAI through azure-identity, scope
 * {@value #SCOPE}. The SDK's blocking {@code getTokenSync} runs on a worker thread
 * ({@link CachedToken}); no Reactor type leaves this class.
 *
 * <p>{@code AZURE_AUTHORITY_HOST} (as azure-identity documents it) selects another authority,
 * e.g. a sovereign cloud; instance discovery is then turned off, since it only knows Microsoft's
 * public hosts.
 */
public final class AzureTokens {
  public static final String SCOPE = "https://cognitiveservices.azure.com/.default";

  private AzureTokens() {}

  /** Where azure-identity sends its requests: the authority and the HTTP client's trust. */
  public record Authority(String host, SSLContext tls) {}

  public static CachedToken clientSecret(Vertx vertx, String tenant, String clientId, String secret, Authority authority) {
    ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder().tenantId(tenant).clientId(clientId)
        .clientSecret(secret).httpClient(httpClient(authority));
    if (authority.host() != null) {
      b.authorityHost(authority.host()).disableInstanceDiscovery();
    }
    return cached(vertx, b.build());
  }

  public static CachedToken workloadIdentity(Vertx vertx, String tenant, String clientId, String tokenFile,
      Authority authority) {
    WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder().tenantId(tenant).clientId(clientId)
        .tokenFilePath(tokenFile).httpClient(httpClient(authority));
    if (authority.host() != null) {
      b.authorityHost(authority.host()).disableInstanceDiscovery();
    }
    return cached(vertx, b.build());
  }

  /** System- or user-assigned (clientId) managed identity; the endpoint comes from the process environment. */
  public static CachedToken managedIdentity(Vertx vertx, String clientId, Authority authority) {
    ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(httpClient(authority));
    if (clientId != null) {
      b.clientId(clientId);
    }
    return cached(vertx, b.build());
  }

  private static CachedToken cached(Vertx vertx, TokenCredential credential) {
    TokenRequestContext request = new TokenRequestContext().addScopes(SCOPE);
    return new CachedToken(vertx, () -> {
      AccessToken token = credential.getTokenSync(request);
      dev.mergeloom.worker.config.Redactor.register(token.getToken());
      return new CachedToken.Token(token.getToken(), token.getExpiresAt().toInstant());
    });
  }

  private static HttpClient httpClient(Authority authority) {
    java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
    if (authority.tls() != null) {
      jdk.sslContext(authority.tls());
    }
    return new JdkHttpClientBuilder(jdk).build();
  }
}
