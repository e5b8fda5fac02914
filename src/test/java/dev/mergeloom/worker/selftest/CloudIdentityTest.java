package dev.mergeloom.worker.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mergeloom.worker.testing.FakeProvider;
import dev.mergeloom.worker.testing.FakeProvider.Reply;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities that the cloud SDKs find only through the process environment, so this class runs
 * in its own forked JVM (the pom's {@code cloud-identity} execution) whose environment points at
 * loopback fakes: Azure managed identity (App Service style endpoint), Google ADC through the GCE
 * metadata server (as on GKE with Workload Identity), the AWS default credential chain, and a
 * named AWS profile from the shared credentials file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudIdentityTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> identityRequests = new CopyOnWriteArrayList<>();
  private FakeProvider model;

  @BeforeAll
  void start() {
    assumeTrue(String.valueOf(System.getenv("IDENTITY_ENDPOINT")).startsWith("http://127.0.0.1:")
        && String.valueOf(System.getenv("GCE_METADATA_HOST")).startsWith("127.0.0.1:"),
        "runs only in the cloud-identity surefire execution, whose environment points the SDKs at loopback fakes");
    model = new FakeProvider();
    listen(Integer.parseInt(System.getenv("FAKE_MI_PORT")), req -> {
      identityRequests.add("mi " + req.uri() + " header=" + req.getHeader("X-IDENTITY-HEADER"));
      req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("access_token", "fake-mi-token")
          .put("expires_on", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond()))
          .put("resource", "https://cognitiveservices.azure.com").put("token_type", "Bearer").encode());
    });
    listen(Integer.parseInt(System.getenv("FAKE_GCE_PORT")), req -> {
      identityRequests.add("gce " + req.uri() + " flavor=" + req.getHeader("Metadata-Flavor"));
      req.response().putHeader("Metadata-Flavor", "Google");
      if (req.path().endsWith("/token")) {
        req.response().putHeader("Content-Type", "application/json")
            .end("{\"access_token\":\"ya29.fake-metadata-token\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
      } else if (req.path().contains("universe-domain")) {
        req.response().end("googleapis.com");
      } else {
        req.response().end("ok");
      }
    });
  }

  private void listen(int port, io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler) {
    HttpServer server = vertx.createHttpServer().requestHandler(handler);
    server.listen(port, "127.0.0.1").await();
  }

  @AfterAll
  void stop() {
    if (model != null) {
      model.close();
    }
    vertx.close().await();
  }

  private JsonObject selfTest(TestWorker w, String provider, JsonObject body) {
    assertThat(w.putProvider(provider, body).status()).isEqualTo(200);
    return w.http().send(HttpMethod.POST, "/api/v1/providers/" + provider + "/self-test", null, Map.of()).json();
  }

  @Test
  void azureManagedIdentity(@TempDir Path dir) {
    model.respond(r -> Reply.json(200, WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok"))));
    try (TestWorker w = TestWorker.start(dir)) {
      JsonObject result = selfTest(w, "azure-foundry", new JsonObject().put("authMethod", "managed_identity")
          .put("fields", new JsonObject().put("endpoint", model.url() + "/openai/v1").put("model", "gpt-4o")));
      assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
      assertThat(model.last().headers().get("Authorization")).isEqualTo("Bearer fake-mi-token");
      assertThat(identityRequests).anySatisfy(r -> assertThat(r).startsWith("mi /msi/token?")
          .contains("resource=https%3A%2F%2Fcognitiveservices.azure.com").endsWith("header=fake-identity-header"));
    }
  }

  @Test
  void googleApplicationDefaultCredentialsFromTheMetadataServer(@TempDir Path dir) {
    model.respond(r -> Reply.json(200, WireFake.GEMINI.call("report_status", new JsonObject().put("status", "ok"))));
    try (TestWorker w = TestWorker.start(dir)) {
      JsonObject result = selfTest(w, "vertex-ai", new JsonObject().put("authMethod", "adc").put("fields",
          new JsonObject().put("endpointMode", "raw-endpoint")
              .put("endpointUrl", model.url() + "/v1/projects/p/locations/global/publishers/google/models/g:generateContent")));
      assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
      assertThat(model.last().headers().get("Authorization")).isEqualTo("Bearer ya29.fake-metadata-token");
      assertThat(identityRequests).anySatisfy(r -> assertThat(r).contains("/computeMetadata/v1/instance/service-accounts/default/token")
          .endsWith("flavor=Google"));
    }
  }

  @Test
  void awsNamedProfileFromTheSharedCredentialsFile(@TempDir Path dir) throws Exception {
    Path credentials = Path.of(System.getenv("AWS_SHARED_CREDENTIALS_FILE"));
    java.nio.file.Files.createDirectories(credentials.getParent());
    java.nio.file.Files.writeString(credentials, "[bedrock-dev]\naws_access_key_id = AKIDPROFILEFAKE01\n"
        + "aws_secret_access_key = fake-profile-secret\n");
    java.nio.file.Files.writeString(Path.of(System.getenv("AWS_CONFIG_FILE")), "[profile bedrock-dev]\nregion = eu-west-3\n");
    model.respond(r -> Reply.json(200, WireFake.BEDROCK.call("report_status", new JsonObject().put("status", "ok"))));
    try (TestWorker w = TestWorker.start(dir)) {
      JsonObject result = selfTest(w, "aws-bedrock", new JsonObject().put("authMethod", "profile").put("fields",
          new JsonObject().put("region", "eu-west-3").put("model", "anthropic.claude-test-v1:0")
              .put("endpointUrl", model.url()).put("profile", "bedrock-dev")));
      assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
      assertThat(model.last().headers().get("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDPROFILEFAKE01/");
    }
  }

  @Test
  void awsDefaultChainSignsWithTheEnvironmentsKeys(@TempDir Path dir) {
    model.respond(r -> Reply.json(200, WireFake.BEDROCK.call("report_status", new JsonObject().put("status", "ok"))));
    try (TestWorker w = TestWorker.start(dir)) {
      JsonObject result = selfTest(w, "aws-bedrock", new JsonObject().put("authMethod", "default_chain").put("fields",
          new JsonObject().put("region", "eu-west-1").put("model", "anthropic.claude-test-v1:0").put("endpointUrl", model.url())));
      assertThat(result.getString("status")).as(result.encodePrettily()).isEqualTo("passed");
      assertThat(model.last().headers().get("Authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDCHAINFAKE0001/").contains("/eu-west-1/bedrock/aws4_request");
    }
  }
}
