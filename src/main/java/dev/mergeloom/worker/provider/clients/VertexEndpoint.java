package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.config.providers.Fields;
import dev.mergeloom.worker.config.ResolvedProvider;

/**
 * Where a Vertex AI request goes and in which wire format: built from project, location,
 * publisher and model, or taken as given in raw-endpoint mode, where the URL's ending names
 * the format (contract §2.3).
 */
record VertexEndpoint(String url, Format format) {
  enum Format { GEMINI, ANTHROPIC, OPENAI_CHAT }

  static VertexEndpoint of(ResolvedProvider p) {
    if ("raw-endpoint".equals(p.value(Fields.ENDPOINT_MODE))) {
      String url = p.value(Fields.ENDPOINT_URL);
      String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
      Format format = path.endsWith(":rawPredict") || path.endsWith(":streamRawPredict") ? Format.ANTHROPIC
          : path.endsWith("/chat/completions") ? Format.OPENAI_CHAT : Format.GEMINI;
      return new VertexEndpoint(url, format);
    }
    String location = p.value(Fields.LOCATION);
    String host = "global".equals(location) ? "aiplatform.googleapis.com" : location + "-aiplatform.googleapis.com";
    boolean anthropic = "anthropic".equals(p.value(Fields.PUBLISHER));
    String url = "https://" + host + "/v1/projects/" + p.value(Fields.PROJECT_ID) + "/locations/" + location
        + "/publishers/" + p.value(Fields.PUBLISHER) + "/models/" + p.value(Fields.MODEL)
        + (anthropic ? ":rawPredict" : ":generateContent");
    return new VertexEndpoint(url, anthropic ? Format.ANTHROPIC : Format.GEMINI);
  }
}
