package dev.mergeloom.worker.provider.clients;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Owns the API providers' clients and makes every provider call of the worker (self-tests, model
 * lists, the tool loop's turns), so the cache and its leases need no lock. The calls themselves
 * are non-blocking; closing a swept SDK client blocks and runs on a worker thread. Deployed once.
 */
public final class ProviderVerticle extends VerticleBase {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProviderVerticle.class);
  private final ProviderClients clients;
  private final Duration sweepEvery;
  private final Duration idle;
  private final Map<Long, ProviderClients.Lease> leases = new HashMap<>();
  private long lastLease;

  /**
   * @param sweepEvery how often clients nobody holds are looked at
   * @param idle how long a client nobody holds is kept (a job's next turn, the next self-test)
   */
  public ProviderVerticle(ProviderClients clients, Duration sweepEvery, Duration idle) {
    this.clients = clients;
    this.sweepEvery = sweepEvery;
    this.idle = idle;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(sweepEvery.toMillis(), t -> clients.sweep(idle).onComplete(closed -> {
      if (closed > 0) {
        LOG.debug("closed {} provider client(s) nobody held for {}", closed, idle);
      }
    }, e -> LOG.warn("closing idle provider clients failed: {}", e.getMessage())));
    return Future.all(
        Bus.<Providers.Open>serve(vertx, Addresses.PROVIDERS_OPEN, this::open),
        Bus.<Providers.Chat>serve(vertx, Addresses.PROVIDERS_CHAT, call -> held(call.lease()).chat(call.request())),
        Bus.<Providers.Once>serve(vertx, Addresses.PROVIDERS_ONCE, this::once),
        Bus.<Long>serve(vertx, Addresses.PROVIDERS_MODELS, lease -> held(lease).models()),
        Bus.<Long>serve(vertx, Addresses.PROVIDERS_CLOSE, this::close),
        Bus.serve(vertx, Addresses.PROVIDERS_KEPT, ignored -> Future.succeededFuture(clients.kept())));
  }

  /** Closes every client (the Bedrock SDK's close blocks while its event loops stop). */
  @Override
  public Future<?> stop() {
    leases.clear();
    return vertx.executeBlocking(() -> {
      clients.close();
      return null;
    }, false);
  }

  private Future<Providers.Opened> open(Providers.Open open) {
    ProviderClients.Lease lease = clients.lease(open.provider(), open.policy());
    long id = ++lastLease;
    leases.put(id, lease);
    return Future.succeededFuture(new Providers.Opened(id, lease.client().endpointDescription()));
  }

  /** Leases, calls and gives back; a client that cannot be built fails the request itself. */
  private Future<Providers.Answer> once(Providers.Once call) {
    ProviderClients.Lease lease = clients.lease(call.provider(), call.policy());
    String endpoint = lease.client().endpointDescription();
    Future<dev.mergeloom.worker.provider.ChatReply> reply;
    try {
      reply = lease.client().chat(call.request());
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    return reply.transform(ar -> {
      lease.close();
      return Future.succeededFuture(new Providers.Answer(endpoint, ar.result(), ar.cause()));
    });
  }

  private dev.mergeloom.worker.provider.ProviderClient held(long lease) {
    ProviderClients.Lease held = leases.get(lease);
    if (held == null) {
      throw new IllegalStateException("provider session " + lease + " was closed; open a new one");
    }
    return held.client();
  }

  private Future<Void> close(long lease) {
    ProviderClients.Lease held = leases.remove(lease);
    if (held != null) {
      held.close();
    }
    return Future.succeededFuture();
  }
}
