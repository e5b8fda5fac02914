package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.Message;
import dev.mergeloom.worker.provider.ProviderException;
import dev.mergeloom.worker.testing.FakeProvider;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * A Bedrock call that runs out of time is told apart: an endpoint that refuses connections is
 * unreachable, one that accepts and stays silent is a timeout, and behind a proxy (no direct
 * look) it stays a timeout.
 */
class BedrockTimeoutTest {
  private final Vertx vertx = Vertx.vertx();
  private BedrockRuntimeAsyncClient sdk;

  @AfterEach
  void stop() {
    if (sdk != null) {
      sdk.close();
    }
    vertx.close().await();
  }

  private ProviderException call(int port, boolean direct, Duration apiCallTimeout) {
    sdk = BedrockRuntimeAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTESTFAKE000", "s")))
        .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout)).build();
    BedrockChatClient client = new BedrockChatClient(vertx, () -> sdk, "http://127.0.0.1:" + port,
        direct ? InetSocketAddress.createUnresolved("127.0.0.1", port) : null);
    try {
      client.chat(new ChatRequest("m", null, List.of(Message.user("hi")), List.of(), null, 16)).await();
    } catch (ProviderException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void aRefusedConnectionIsUnreachableEvenWhenTheCallRanOutOfTime() throws Exception {
    int closed = FakeProvider.closedPort();

    ProviderException e = call(closed, true, Duration.ofMillis(1));

    assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNREACHABLE);
    assertThat(e.getMessage()).contains("127.0.0.1:" + closed, "connection refused");
  }

  @Test
  void aSilentEndpointStaysATimeoutAndSoDoesAnyEndpointBehindAProxy() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(call(silent.getLocalPort(), true, Duration.ofMillis(300)).kind())
          .isEqualTo(ProviderException.Kind.TIMEOUT);
    }
    assertThat(call(FakeProvider.closedPort(), false, Duration.ofMillis(1)).kind())
        .as("no direct look behind a proxy").isEqualTo(ProviderException.Kind.TIMEOUT);
  }
}
