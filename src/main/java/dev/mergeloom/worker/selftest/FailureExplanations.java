package dev.mergeloom.worker.selftest;

import dev.mergeloom.worker.provider.ProviderException;

/** What each failure means for an operator, and what to do about it. */
final class FailureExplanations {
  private FailureExplanations() {}

  /** A stable code for the API, and a sentence for people. */
  record Explained(String code, String message) {}

  static Explained of(ProviderException e, String endpoint) {
    String said = e.getMessage();
    return switch (e.kind()) {
      case AUTH -> new Explained("auth_failed", "The provider refused the credentials (" + said
          + "). Check the key or identity, that it is not expired, and that it may use this model.");
      case NOT_FOUND -> new Explained("not_found", "The model or endpoint was not found (" + said
          + "). Check the model id or deployment name and the base URL " + endpoint + ".");
      case RATE_LIMITED -> new Explained("rate_limited", "The provider is rate-limiting this account (" + said
          + "), even after retries. Wait, or raise the quota.");
      case TOOLS_REJECTED -> new Explained("tools_rejected", "The endpoint rejected the tool definition (" + said
          + "): this server or model does not do tool calling as configured. For vLLM start it with "
          + "--enable-auto-tool-choice and --tool-call-parser, for llama.cpp with --jinja, for Ollama pick a model with tool support.");
      case BAD_REQUEST -> new Explained("bad_request", "The provider refused the request (" + said
          + "). The model may not support forced tool calls, or a setting (API version, region) does not fit it.");
      case UNAVAILABLE -> new Explained("unavailable", "The provider is unavailable or overloaded (" + said
          + "), even after retries. Try again later.");
      case BAD_RESPONSE -> new Explained("bad_response", "The endpoint answered, but not like this API ("
          + said + "). The base URL " + endpoint + " probably points at a web page, a proxy or another API.");
      case TIMEOUT -> new Explained("timeout", "No answer in time (" + said + "). The endpoint " + endpoint
          + " may be overloaded, or a firewall drops the traffic.");
      case UNREACHABLE -> new Explained("unreachable", "Could not connect (" + said + "). Check the URL " + endpoint
          + ", DNS, HTTPS_PROXY/NO_PROXY and the firewall.");
      case CREDENTIALS -> new Explained("credentials_failed", "Could not obtain credentials (" + said
          + "). Check the key file, the identity and the token endpoint.");
      case REFUSED -> new Explained("refused", "The provider blocked the request (" + said + "). The URL and the "
          + "credentials work; its safety settings refused this prompt.");
    };
  }
}
