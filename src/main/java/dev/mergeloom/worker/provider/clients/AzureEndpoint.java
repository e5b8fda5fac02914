package dev.mergeloom.worker.provider.clients;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Chat Completions URL for the Azure endpoint shapes seen in the field (providers.md):
 * the v1 path ({@code …/openai/v1}, model in the body), the Foundry models path
 * ({@code …services.ai.azure.com/models}, model in the body, api-version), and a resource root
 * ({@code https://<res>.openai.azure.com}, deployment in the path, api-version).
 */
record AzureEndpoint(String url, boolean modelInBody, boolean modelInference) {
  /** The GA version of the Azure OpenAI inference spec (deployment paths). */
  static final String OPENAI_VERSION = "2024-10-21";
  /** A version the Model Inference spec ({@code …/models}) defines; Azure OpenAI's are not among them. */
  static final String MODEL_INFERENCE_VERSION = "2024-05-01-preview";

  AzureEndpoint(String url, boolean modelInBody) {
    this(url, modelInBody, false);
  }

  /** @param apiVersion the operator's api-version, or null for the default of this URL shape */
  static AzureEndpoint of(String endpoint, String model, String apiVersion) {
    String base = ProviderClients.trim(endpoint);
    boolean models = base.endsWith("/models");
    String chosen = apiVersion != null && !apiVersion.isBlank() ? apiVersion.trim()
        : models ? MODEL_INFERENCE_VERSION : OPENAI_VERSION;
    String version = "api-version=" + URLEncoder.encode(chosen, StandardCharsets.UTF_8);
    if (base.endsWith("/openai/v1")) {
      return new AzureEndpoint(base + "/chat/completions", true);
    }
    if (models) {
      return new AzureEndpoint(base + "/chat/completions?" + version, true, true);
    }
    if (base.contains("/openai/deployments/")) {
      return new AzureEndpoint(base + "/chat/completions?" + version, false);
    }
    return new AzureEndpoint(base + "/openai/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8)
        + "/chat/completions?" + version, false);
  }
}
