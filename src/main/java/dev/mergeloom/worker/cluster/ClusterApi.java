package dev.mergeloom.worker.cluster;

import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.jobs.Jobs;
import dev.mergeloom.worker.web.ApiError;
import dev.mergeloom.worker.web.Responses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The gateway's side of the cluster API.
 *
 * <ul>
 *   <li>{@code GET /cluster/v1/config[?wait=S]}: the {@link ConfigSnapshot} with its version as
 *       ETag. With {@code If-None-Match} equal to the current version and {@code wait} (seconds, at
 *       most 60) the answer waits for a change and is {@code 304} if none came.
 * </ul>
 *
 * This is the one answer of the worker that carries secrets in clear, and only to a caller with
 * the cluster token; TLS or a private network belongs in front of it (docs/deployment.md).
 */
public final class ClusterApi {
  static final int MAX_WAIT_SECONDS = 60;
  private final ConfigFeed feed;
  private final ExecutorRegistry executors;
  private final ClusterAuth auth;
  private final Optional<Jobs> jobs;

  /** Made on the HTTP verticle's context that serves it: its feed follows the settings there. */
  public ClusterApi(ExecutorRegistry executors, Optional<SecretValue> clusterToken, Optional<Jobs> jobs) {
    this.jobs = jobs;
    this.feed = new ConfigFeed(executors.snapshots());
    this.executors = executors;
    this.auth = new ClusterAuth(clusterToken);
  }

  public void mount(Router router) {
    router.route("/cluster/v1/*").handler(auth::check).handler(this::register);
    router.get("/cluster/v1/config").handler(this::config);
    jobs.ifPresent(service -> {
      router.post("/cluster/v1/jobs/claim").handler(ctx -> claim(ctx, service));
      router.post("/cluster/v1/jobs/:id/report").handler(io.vertx.ext.web.handler.BodyHandler.create(false)
          .setBodyLimit(16 * 1024 * 1024)).handler(ctx -> report(ctx, service));
    });
    router.get("/api/v1/executors").handler(ctx -> Responses.json(ctx, 200, executors.toJson()));
  }

  private void register(RoutingContext ctx) {
    executors.seen(ClusterHeaders.executorName(ctx.request().getHeader(ClusterHeaders.EXECUTOR)),
        ctx.request().getHeader(ClusterHeaders.CONFIG_VERSION),
        ctx.request().getHeader(ClusterHeaders.RUNNING_JOBS) == null ? null
            : parseCount(ctx.request().getHeader(ClusterHeaders.RUNNING_JOBS)),
        ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
    ctx.next();
  }

  private void config(RoutingContext ctx) {
    String known = Optional.ofNullable(ctx.request().getHeader("If-None-Match")).map(v -> v.replace("\"", ""))
        .orElse("");
    int wait = parseWait(ctx.request().getParam("wait"));
    if (wait == 0 || !known.equals(feed.current().version())) {
      send(ctx, feed.current(), known);
      return;
    }
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable withdraw = feed.await(known, snapshot -> {
      if (done.compareAndSet(false, true)) {
        send(ctx, snapshot, known);
      }
    });
    long timer = ctx.vertx().setTimer(wait * 1000L, t -> {
      if (done.compareAndSet(false, true)) {
        withdraw.run();
        send(ctx, feed.current(), known);
      }
    });
    ctx.request().connection().closeHandler(v -> {
      done.set(true);
      withdraw.run();
      ctx.vertx().cancelTimer(timer);
    });
  }

  /** The longest a claim may wait for a job ({@code ?wait=} seconds). */
  public static final int MAX_CLAIM_WAIT_SECONDS = 30;

  /**
   * {@code POST /cluster/v1/jobs/claim[?wait=S]}: 200 with the job (access tokens in clear), or 204
   * when none waits; with {@code wait}, a long poll that answers as soon as a job is queued.
   */
  private static void claim(RoutingContext ctx, Jobs service) {
    String executor = ClusterHeaders.executorName(ctx.request().getHeader(ClusterHeaders.EXECUTOR));
    int wait = dev.mergeloom.worker.web.QueryParams.wholeNumber(ctx, "wait", 0, MAX_CLAIM_WAIT_SECONDS, 0);
    io.vertx.core.Promise<Void> gone = io.vertx.core.Promise.promise();
    ctx.response().closeHandler(v -> gone.tryComplete());
    service.claim(executor, java.time.Duration.ofSeconds(wait), gone.future()).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        ctx.response().setStatusCode(204).end();
      } else {
        // Not through Responses.json: its redactor would mask the access token the executor needs.
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("Cache-Control", "no-store").end(ar.result().get().encode());
      }
    });
  }

  /** {@code POST /cluster/v1/jobs/{id}/report}: {@code {"events": [...], "record": {...}?}} → {@code {"cancel"}}. */
  private static void report(RoutingContext ctx, Jobs service) {
    io.vertx.core.json.JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      throw ApiError.badRequest("Invalid body: expected {\"events\": [...], \"record\": {...}}", java.util.List.of());
    }
    String executor = ClusterHeaders.executorName(ctx.request().getHeader(ClusterHeaders.EXECUTOR));
    service.report(ctx.pathParam("id"), executor, body.getJsonArray("events", new io.vertx.core.json.JsonArray()),
        body.getJsonObject("record")).onComplete(answer -> Responses.json(ctx, 200, answer),
            failure -> Responses.failure(ctx, failure));
  }

  private static void send(RoutingContext ctx, ConfigSnapshot snapshot, String known) {
    if (ctx.response().closed()) {
      return;
    }
    ctx.response().putHeader("ETag", "\"" + snapshot.version() + "\"").putHeader("Cache-Control", "no-store");
    if (snapshot.version().equals(known)) {
      ctx.response().setStatusCode(304).end();
    } else {
      // Not through Responses.json: that redacts secrets, and executors need them.
      ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(snapshot.body().encode());
    }
  }

  private static int parseWait(String raw) {
    if (raw == null) {
      return 0;
    }
    try {
      return Math.max(0, Math.min(MAX_WAIT_SECONDS, Integer.parseInt(raw.trim())));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("Invalid wait: expected whole seconds from 0 to " + MAX_WAIT_SECONDS,
          java.util.List.of(new dev.mergeloom.worker.config.FieldProblem("wait", "expected whole seconds from 0 to "
              + MAX_WAIT_SECONDS)));
    }
  }

  private static int parseCount(String raw) {
    try {
      return raw == null ? 0 : Math.max(0, Integer.parseInt(raw.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
