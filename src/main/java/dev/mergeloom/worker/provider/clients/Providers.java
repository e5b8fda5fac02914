package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import dev.mergeloom.worker.config.ResolvedProvider;
import dev.mergeloom.worker.provider.ChatReply;
import dev.mergeloom.worker.provider.ChatRequest;
import dev.mergeloom.worker.provider.OutboundSettings;
import dev.mergeloom.worker.provider.ProviderClient;
import dev.mergeloom.worker.provider.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.List;

/**
 * What self-tests and jobs hold to call API providers: every call is a request to
 * {@link ProviderVerticle}, which owns the clients. Holds no state; safe on any loop.
 */
public final class Providers {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Providers.class);
  /** Settings to open a client for, with the policy its calls follow. */
  record Open(ResolvedProvider provider, OutboundSettings policy) {}

  /** An open lease: its number at the owner, and where the client's requests go. */
  record Opened(long lease, String endpoint) {}

  /** One chat call with a leased client. */
  record Chat(long lease, ChatRequest request) {}

  /** One chat call with the client of these settings, held for that call only. */
  record Once(ResolvedProvider provider, OutboundSettings policy, ChatRequest request) {}

  /**
   * What a single call answered: where it went, and the reply or why there is none.
   *
   * @param reply null when the call failed
   * @param failure null when it answered; a {@link ProviderException} as the client raised it
   */
  public record Answer(String endpoint, ChatReply reply, Throwable failure) {}

  private final Vertx vertx;

  public Providers(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * A session with the client for these settings, built now if no one holds one; fails as
   * building it does (settings no client can be made of, a key file that cannot be read). Close
   * the session when done: the client stays while any session holds it.
   */
  public Future<Session> open(ResolvedProvider provider, OutboundSettings policy) {
    return Bus.<Opened>request(vertx, Addresses.PROVIDERS_OPEN, new Open(provider, policy))
        .map(opened -> new Session(vertx, opened, callTimeout(policy)));
  }

  /**
   * One call, as a self-test makes it: the owner leases the client for these settings, calls,
   * and gives it back, in one request instead of three. Fails only when no client can be built
   * for the settings; a failed call is an {@link Answer} with its failure.
   */
  public Future<Answer> once(ResolvedProvider provider, OutboundSettings policy, ChatRequest request) {
    Duration timeout = callTimeout(policy);
    return Bus.<Answer>request(vertx, Addresses.PROVIDERS_ONCE, new Once(provider, policy, request), timeout)
        .recover(e -> Session.timedOut(e) ? Future.succeededFuture(new Answer(provider.spec().label(), null,
            Session.noAnswer(timeout))) : Future.failedFuture(e));
  }

  /** How many clients the owner keeps now (held or idle). */
  public Future<Integer> kept() {
    return Bus.request(vertx, Addresses.PROVIDERS_KEPT, "");
  }

  /**
   * How long a call may wait for the owner's answer: never less than the client's own bound (every
   * attempt within the retry budget, the last one its full request time), so the client's own
   * timeout, with its message, is what a caller sees.
   */
  static Duration callTimeout(OutboundSettings policy) {
    return policy.retryBudget().plus(policy.requestTimeout()).plus(policy.connectTimeout()).plusMinutes(1);
  }

  /**
   * A leased client, as the tool loop and the self-test use it. One user holds it (a job, a
   * self-test), so its closed flag needs no lock.
   */
  public static final class Session implements ProviderClient, AutoCloseable {
    private final Vertx vertx;
    private final Opened opened;
    private final Duration timeout;
    private boolean closed;

    private Session(Vertx vertx, Opened opened, Duration timeout) {
      this.vertx = vertx;
      this.opened = opened;
      this.timeout = timeout;
    }

    @Override
    public Future<ChatReply> chat(ChatRequest request) {
      return Session.<ChatReply>noLaterThan(Bus.request(vertx, Addresses.PROVIDERS_CHAT,
          new Chat(opened.lease(), request), timeout), timeout);
    }

    @Override
    public Future<List<String>> models() {
      return noLaterThan(Bus.request(vertx, Addresses.PROVIDERS_MODELS, opened.lease(), timeout), timeout);
    }

    @Override
    public String endpointDescription() {
      return opened.endpoint();
    }

    /** Gives the client back (once; a second close does nothing). */
    @Override
    public void close() {
      if (!closed) {
        closed = true;
        // Not given back, the client stays held and is never swept: worth a line in the log.
        Bus.request(vertx, Addresses.PROVIDERS_CLOSE, opened.lease()).onFailure(e -> LOG.warn(
            "provider session {} ({}) not given back: {}", opened.lease(), opened.endpoint(), e.getMessage()));
      }
    }

    /** A provider call fails only with {@link ProviderException}: so does the wait for its answer. */
    private static <T> Future<T> noLaterThan(Future<T> answer, Duration timeout) {
      return answer.recover(e -> Future.failedFuture(timedOut(e) ? noAnswer(timeout) : e));
    }

    static ProviderException noAnswer(Duration timeout) {
      return new ProviderException(ProviderException.Kind.TIMEOUT, "no answer from the provider within "
          + timeout.toSeconds() + " s");
    }

    static boolean timedOut(Throwable e) {
      return e instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT;
    }
  }
}
