package dev.mergeloom.worker.provider;

import java.time.Duration;

/**
 * Every provider failure, mapped into one tree of kinds so callers (retries, the self-test, the
 * tool loop) decide on the kind, not on provider-specific details. The message is the
 * provider's own, with known secrets redacted.
 */
public final class ProviderException extends RuntimeException {

  /** What went wrong, independent of the provider. */
  public enum Kind {
    /** 401/403: credentials refused or missing permission. */
    AUTH(false),
    /** 404: unknown model, deployment or path. */
    NOT_FOUND(false),
    /** 429: rate or quota limit. */
    RATE_LIMITED(true),
    /** 400/422: the request was refused. */
    BAD_REQUEST(false),
    /** The server refused the tool definitions (self-hosted servers without tool support). */
    TOOLS_REJECTED(false),
    /** 5xx, 529: the service is down or overloaded. */
    UNAVAILABLE(true),
    /** The answer could not be understood (not JSON, unexpected shape). */
    BAD_RESPONSE(false),
    /** No answer in time. */
    TIMEOUT(true),
    /** No connection (DNS, refused, TLS). */
    UNREACHABLE(true),
    /** Credentials could not be obtained (token endpoint, key file, identity). */
    CREDENTIALS(false),
    /** The provider's safety system blocked the request (Gemini's promptFeedback.blockReason). */
    REFUSED(false);

    private final boolean retriable;

    Kind(boolean retriable) {
      this.retriable = retriable;
    }

    public boolean retriable() {
      return retriable;
    }
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public ProviderException(Kind kind, int status, String message, Duration retryAfter) {
    super(dev.mergeloom.worker.config.Redactor.redact(message));
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public ProviderException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status, or 0 when there was no HTTP answer. */
  public int status() {
    return status;
  }

  /** The provider's Retry-After, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
