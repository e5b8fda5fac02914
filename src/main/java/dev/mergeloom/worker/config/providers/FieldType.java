package dev.mergeloom.worker.config.providers;

/** How a provider field's value is checked and shown. */
public enum FieldType {
  TEXT,
  /** An absolute http(s) URL with a host. */
  URL,
  /** One of {@link FieldSpec#choices()}. */
  CHOICE,
  /** A cloud region name such as {@code us-east-1}. */
  REGION,
  /** An absolute file path (read later, by the credential code, not at validation). */
  PATH,
  /** A write-only credential with no spaces or line breaks. */
  SECRET,
  /** A Google service-account key file's JSON. Secret. */
  SERVICE_ACCOUNT_JSON,
  /** A JSON object of alias to model id. */
  MODEL_ALIASES;

  public boolean secret() {
    return this == SECRET || this == SERVICE_ACCOUNT_JSON;
  }
}
