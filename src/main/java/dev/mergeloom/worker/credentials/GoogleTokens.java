package dev.mergeloom.worker.credentials;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Vertex AI tokens through google-auth-library: a service-account key (its {@code token_uri}
 * decides where tokens come from) or Application Default Credentials
 * ({@code GOOGLE_APPLICATION_CREDENTIALS}, or the metadata server on GKE with Workload Identity).
 */
public final class GoogleTokens {
  static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

  private GoogleTokens() {}

  public static CachedToken serviceAccount(Vertx vertx, String json) {
    return new CachedToken(vertx, () -> fetch(ServiceAccountCredentials
        .fromStream(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))).createScoped(SCOPES)));
  }

  /** ADC as the process sees it; it probes the metadata server when nothing else is set. */
  public static CachedToken applicationDefault(Vertx vertx) {
    return new CachedToken(vertx, () -> fetch(GoogleCredentials.getApplicationDefault().createScoped(SCOPES)));
  }

  private static CachedToken.Token fetch(GoogleCredentials credentials) throws java.io.IOException {
    credentials.refreshIfExpired();
    AccessToken token = credentials.getAccessToken();
    if (token == null) {
      throw new java.io.IOException("Google returned no access token");
    }
    dev.mergeloom.worker.config.Redactor.register(token.getTokenValue());
    return new CachedToken.Token(token.getTokenValue(),
        token.getExpirationTime() == null ? null : token.getExpirationTime().toInstant());
  }
}
