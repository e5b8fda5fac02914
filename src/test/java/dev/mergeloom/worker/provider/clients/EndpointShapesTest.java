package dev.mergeloom.worker.provider.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.DeploymentConfigLoader;
import dev.mergeloom.worker.config.ProviderResolver;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.config.providers.ProviderCatalog;
import dev.mergeloom.worker.store.StoredProvider;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where requests go for the URL shapes of Azure and Vertex that local fakes cannot stand in for. */
class EndpointShapesTest {
  @Test
  void azureEndpointShapes() {
    assertThat(AzureEndpoint.of("https://res.openai.azure.com/", "gpt 4o", "2024-10-21"))
        .isEqualTo(new AzureEndpoint("https://res.openai.azure.com/openai/deployments/gpt+4o/chat/completions?api-version=2024-10-21",
            false));
    assertThat(AzureEndpoint.of("https://res.services.ai.azure.com/models", "m", "2025-05-01"))
        .isEqualTo(new AzureEndpoint("https://res.services.ai.azure.com/models/chat/completions?api-version=2025-05-01", true, true));
    // No api-version set: each URL shape gets one its own spec defines (2024-10-21 is an Azure OpenAI
    // version, which the Model Inference API behind /models does not know).
    assertThat(AzureEndpoint.of("https://res.services.ai.azure.com/models", "m", null).url())
        .endsWith("/models/chat/completions?api-version=2024-05-01-preview");
    assertThat(AzureEndpoint.of("https://res.openai.azure.com", "dep", null).url())
        .endsWith("/openai/deployments/dep/chat/completions?api-version=2024-10-21");
    assertThat(AzureEndpoint.of("https://res.openai.azure.com/openai/v1", "m", "x"))
        .isEqualTo(new AzureEndpoint("https://res.openai.azure.com/openai/v1/chat/completions", true));
  }

  private static ResolvedProvider vertex(Map<String, String> values) {
    var config = new DeploymentConfigLoader(Map::of).load(Map.of(), "").config();
    return ProviderResolver.resolve(ProviderCatalog.find("vertex-ai").orElseThrow(), config,
        new StoredProvider("vertex-ai", "adc", values, Set.of(), null), ConfigMode.UI);
  }

  @Test
  void vertexStructuredUsesTheGlobalOrRegionalHostAndThePublisherMethod() {
    assertThat(VertexEndpoint.of(vertex(Map.of("projectId", "p1", "model", "gemini-2.5-pro"))))
        .isEqualTo(new VertexEndpoint("https://aiplatform.googleapis.com/v1/projects/p1/locations/global/publishers/google/"
            + "models/gemini-2.5-pro:generateContent", VertexEndpoint.Format.GEMINI));
    assertThat(VertexEndpoint.of(vertex(Map.of("projectId", "p1", "model", "claude-sonnet-4-5", "location", "us-east5",
        "publisher", "anthropic"))))
        .isEqualTo(new VertexEndpoint("https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5/"
            + "publishers/anthropic/models/claude-sonnet-4-5:rawPredict", VertexEndpoint.Format.ANTHROPIC));
  }

  @Test
  void vertexRawEndpointFormatFollowsTheUrlEnding() {
    String base = "https://x-aiplatform.googleapis.com/v1/projects/p/locations/x/";
    assertThat(VertexEndpoint.of(vertex(Map.of("endpointMode", "raw-endpoint", "endpointUrl",
        base + "endpoints/openapi/chat/completions"))).format()).isEqualTo(VertexEndpoint.Format.OPENAI_CHAT);
    assertThat(VertexEndpoint.of(vertex(Map.of("endpointMode", "raw-endpoint", "endpointUrl",
        base + "publishers/anthropic/models/c:rawPredict"))).format()).isEqualTo(VertexEndpoint.Format.ANTHROPIC);
    assertThat(VertexEndpoint.of(vertex(Map.of("endpointMode", "raw-endpoint", "endpointUrl",
        base + "publishers/google/models/g:generateContent?alt=json"))).format()).isEqualTo(VertexEndpoint.Format.GEMINI);
  }
}
