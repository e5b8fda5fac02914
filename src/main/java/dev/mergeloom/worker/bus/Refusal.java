package dev.mergeloom.worker.bus;

import io.vertx.core.json.JsonObject;

/**
 * A request the worker's domain refuses on purpose (not a bug): a closed {@link Code}, a message
 * for people, and optional details for the answer (the login that is already running). Domain
 * code never names an HTTP status; the web layer's one mapper per surface (the API's
 * {@code Responses.failure}, the pages' {@code PageErrors}) turns the code's {@link Kind} into one.
 * Messages never carry a secret: they are shown as they are.
 */
public final class Refusal extends RuntimeException {
  /** What sort of refusal, which is all an HTTP mapper needs. */
  public enum Kind {
    /** The thing named does not exist. */
    NOT_FOUND,
    /** It exists, but its state does not allow this now (already ended, already running). */
    CONFLICT,
    /** Understood, but the worker cannot do it as configured (no provider, no sandbox). */
    NOT_POSSIBLE,
    /** Would be possible later: the worker is full. */
    BUSY
  }

  /** Every refusal the domain gives, with the code the API answers (contract: stable strings). */
  public enum Code {
    JOB_NOT_FOUND("not_found", Kind.NOT_FOUND),
    JOB_NOT_ASSIGNED("not_assigned", Kind.CONFLICT),
    JOB_FINISHED("finished", Kind.CONFLICT),
    /** Only a job whose publish failed can publish again. */
    JOB_NOT_PUBLISHABLE("not_publishable", Kind.CONFLICT),
    /** The job's commit is gone (workspace removed) or elsewhere (an executor has it). */
    PUBLISH_NOT_POSSIBLE("publish_not_possible", Kind.NOT_POSSIBLE),
    NO_PROVIDER("no_provider", Kind.NOT_POSSIBLE),
    SANDBOX_UNAVAILABLE("sandbox_unavailable", Kind.NOT_POSSIBLE),
    SELF_TEST_REQUIRED("self_test_required", Kind.NOT_POSSIBLE),
    QUEUE_FULL("queue_full", Kind.BUSY),
    LOGIN_CONFLICT("conflict", Kind.CONFLICT),
    LOGIN_NOT_POSSIBLE("not_possible", Kind.NOT_POSSIBLE);

    private final String wire;
    private final Kind kind;

    Code(String wire, Kind kind) {
      this.wire = wire;
      this.kind = kind;
    }

    public String wire() {
      return wire;
    }

    public Kind kind() {
      return kind;
    }
  }

  private final Code code;
  private final JsonObject details;

  public Refusal(Code code, String message) {
    this(code, message, new JsonObject());
  }

  /** @param details added to the error answer beside {@code error} (for example {@code login}) */
  public Refusal(Code code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details.copy();
  }

  public Code code() {
    return code;
  }

  public JsonObject details() {
    return details.copy();
  }
}
