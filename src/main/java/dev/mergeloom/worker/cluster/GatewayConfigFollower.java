package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.ConfigMode;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.config.SettingsView;
import dev.mergeloom.worker.config.WorkerVariables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's copy of the gateway's provider and runtime settings. It long-polls
 * {@code GET /cluster/v1/config} with the version it holds, applies each new snapshot (local store
 * first, so a restart while the gateway is down still has it), and keeps serving the last good
 * config whenever the gateway cannot be reached, retrying with a growing pause.
 */
public final class GatewayConfigFollower {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayConfigFollower.class);
  static final int WAIT_SECONDS = 25;
  private static final Duration MAX_PAUSE = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final WebClient client;
  private final String configUrl;
  private final SecretValue token;
  private final String name;
  private final SettingsView settings;
  private final boolean followProviders;
  private final boolean followRuntime;
  private final IntSupplier runningJobs;
  private final Clock clock;
  private volatile boolean stopped;
  private volatile long retryTimer = -1;
  private volatile Status status = new Status(false, null, null, null);
  private Duration pause = Duration.ofSeconds(1);

  /** What {@code /healthz} shows: whether the held config is the gateway's current one. */
  public record Status(boolean fresh, String version, Instant lastContact, String lastError) {}

  private final io.vertx.core.Promise<Void> firstContact = io.vertx.core.Promise.promise();

  public GatewayConfigFollower(Vertx vertx, URI gateway, SecretValue token, String name,
      SettingsView settings, IntSupplier runningJobs, Clock clock) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000)
        .setUserAgent("mergeloom-worker-executor").setKeepAlive(true));
    String base = gateway.toString().replaceAll("/+$", "");
    this.configUrl = base + "/cluster/v1/config?wait=" + WAIT_SECONDS;
    this.token = token;
    this.name = name;
    this.settings = settings;
    this.followProviders = settings.current().providerMode() == ConfigMode.GATEWAY;
    this.followRuntime = settings.current().runtimeMode() == ConfigMode.GATEWAY;
    this.runningJobs = runningJobs;
    this.clock = clock;
  }

  public void start() {
    LOG.info("following the config of the gateway at {}", configUrl.substring(0, configUrl.indexOf("/cluster/")));
    poll();
  }

  public Status status() {
    return status;
  }

  public JsonObject statusJson() {
    Status s = status;
    return new JsonObject().put("source", "gateway").put("fresh", s.fresh()).put("version", s.version())
        .put("lastContact", s.lastContact() == null ? null : s.lastContact().toString())
        .put("lastError", s.lastError());
  }

  private void poll() {
    if (stopped) {
      return;
    }
    String held = status.version();
    var request = client.getAbs(configUrl)
        .timeout((WAIT_SECONDS + 15) * 1000L)
        .putHeader("Authorization", "Bearer " + token.reveal())
        .putHeader(ClusterHeaders.EXECUTOR, name)
        .putHeader(ClusterHeaders.CONFIG_VERSION, held == null ? "" : held)
        .putHeader(ClusterHeaders.RUNNING_JOBS, Integer.toString(runningJobs.getAsInt()));
    if (held != null) {
      request.putHeader("If-None-Match", "\"" + held + "\"");
    }
    request.send().compose(this::handle).onComplete(ok -> {
      pause = Duration.ofSeconds(1);
      poll();
    }, failure -> {
      failed(failure.getMessage());
      scheduleRetry();
    });
  }

  private Future<Void> handle(HttpResponse<Buffer> response) {
    return switch (response.statusCode()) {
      case 200 -> apply(response.bodyAsJsonObject());
      case 304 -> {
        contact(status.version());
        yield Future.succeededFuture();
      }
      case 401 -> Future.failedFuture("the gateway refused the cluster token (401): give the executor the "
          + "gateway's " + WorkerVariables.CLUSTER_TOKEN);
      default -> Future.failedFuture("the gateway answered HTTP " + response.statusCode());
    };
  }

  private Future<Void> apply(JsonObject body) {
    String version = body.getString("version");
    return settings.replaceFromGateway(followProviders ? ConfigSnapshot.providers(body) : null,
        followRuntime ? ConfigSnapshot.runtime(body) : null)
        .onSuccess(v -> {
          LOG.info("config version {} from the gateway applied", version);
          contact(version);
        });
  }

  /**
   * Completes at the first answer from the gateway (a snapshot applied, or the one held confirmed):
   * an executor claims jobs only from then on, so none runs on settings it has not received yet.
   */
  public Future<Void> firstContact() {
    return firstContact.future();
  }

  private void contact(String version) {
    firstContact.tryComplete();
    if (!status.fresh() && status.lastError() != null) {
      LOG.info("the gateway is reachable again; config version {}", version);
    }
    status = new Status(true, version, clock.instant(), null);
  }

  private void failed(String why) {
    Status s = status;
    if (s.fresh() || s.lastError() == null) {
      LOG.warn("cannot follow the gateway's config ({}); serving the last good config{}", why,
          s.version() == null ? " (none yet)" : " (version " + s.version() + ")");
    }
    status = new Status(false, s.version(), s.lastContact(), why);
  }

  private void scheduleRetry() {
    if (stopped) {
      return;
    }
    long delay = pause.toMillis();
    pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
    retryTimer = vertx.setTimer(delay, t -> poll());
  }

  public void stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
    }
    client.close();
  }
}
