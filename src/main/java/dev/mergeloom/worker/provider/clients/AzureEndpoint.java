package dev.mergeloom.worker.provider.clients;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Chat Completions URL for the Azure endpoint shapes seen in the field (providers.md):
 * the v1 path ({@code …/openai/v1}, model in the body), the Foundry models path
 * ({@code …services.ai.azure.com/models}, model in the body, api-version), and a resource root
 * ({@code https://<res>.openai.azure.com}, deployment in the path, api-version).
 */
record AzureEndpoint(String url, boolean modelInBody) {
  static AzureEndpoint of(String endpoint, String model, String apiVersion) {
    String base = ProviderClients.trim(endpoint);
    String version = "api-version=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
    if (base.endsWith("/openai/v1")) {
      return new AzureEndpoint(base + "/chat/completions", true);
    }
    if (base.endsWith("/models")) {
      return new AzureEndpoint(base + "/chat/completions?" + version, true);
    }
    if (base.contains("/openai/deployments/")) {
      return new AzureEndpoint(base + "/chat/completions?" + version, false);
    }
    return new AzureEndpoint(base + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "/chat/completions?" + version, false);
  }
}
