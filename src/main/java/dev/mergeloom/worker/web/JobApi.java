package dev.mergeloom.worker.web;

import dev.mergeloom.worker.bus.Addresses;
import dev.mergeloom.worker.config.FieldProblem;
import dev.mergeloom.worker.config.Redactor;
import dev.mergeloom.worker.config.SecretValue;
import dev.mergeloom.worker.jobs.Jobs;
import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.model.JobView;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/jobs}: submit, list, read, cancel, and the live event stream (Server-Sent
 * Events; a reconnect with {@code Last-Event-ID} resumes after that event).
 */
final class JobApi {
  static final long HEARTBEAT_MS = 15_000;
  private final Jobs jobs;

  JobApi(Jobs jobs) {
    this.jobs = jobs;
  }

  void mount(Router router) {
    router.post("/api/v1/jobs").handler(JsonBody.HANDLER).handler(this::submit);
    router.get("/api/v1/jobs").handler(this::list);
    router.get("/api/v1/jobs/:id").handler(this::get);
    router.post("/api/v1/jobs/:id/cancel").handler(this::cancel);
    router.post("/api/v1/jobs/:id/publish").handler(JsonBody.HANDLER).handler(this::publish);
    router.get("/api/v1/jobs/:id/events").handler(this::events);
    router.get("/api/v1/jobs/:id/patch").handler(this::patch);
  }

  /**
   * The job's commit as a {@code git format-patch} mbox ({@code git am} applies it), kept in the
   * record so it outlives the workspace. 404 {@code no_patch} says why there is none.
   */
  private void patch(RoutingContext ctx) {
    jobs.get(ctx.pathParam("id")).onComplete(record -> patch(ctx, record), failure -> failed(ctx, failure));
  }

  private static void patch(RoutingContext ctx, JobView record) {
    JsonObject result = record.json().getJsonObject("result");
    String patch = result == null ? null : result.getString("patch");
    if (patch == null) {
      String why = !record.state().finished() ? "the job has not finished"
          : result == null || result.getJsonArray("changedFiles", new JsonArray()).isEmpty() ? "the job changed no file"
          : record.state() != JobRecord.State.COMPLETED ? "the job did not complete, so nothing was committed (its diff "
              + "is in the record)"
          : "the patch was larger than the record keeps (" + dev.mergeloom.worker.jobs.model.JobRecord.MAX_PATCH_TEXT + ")";
      Responses.error(ctx, new ApiError(404, "no_patch", "No patch for job " + record.id() + ": " + why));
      return;
    }
    ctx.response().putHeader("Content-Type", "application/mbox; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + record.ticketKey() + ".patch\"")
        .putHeader("Cache-Control", "no-store").end(patch);
  }

  private void submit(RoutingContext ctx) {
    jobs.submit(JsonBody.object(ctx)).onComplete(
        record -> Responses.json(ctx, 202, new JsonObject().put("id", record.id()).put("state", record.state().wireName())),
        failure -> failed(ctx, failure));
  }

  /** How many summaries a list answers unless {@code limit} says otherwise, and at most. */
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private void list(RoutingContext ctx) {
    String state = ctx.request().getParam("state");
    int limit = QueryParams.wholeNumber(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    jobs.list(state, limit).onComplete(list -> Responses.json(ctx, 200, new JsonArray(list.summaries())),
        failure -> failed(ctx, failure));
  }

  private void get(RoutingContext ctx) {
    jobs.get(ctx.pathParam("id")).onComplete(record -> {
      JsonObject json = record.json(); // this request's own copy
      JsonObject result = json.getJsonObject("result");
      if (result != null && result.remove("patch") != null) {
        result.put("patchUrl", "/api/v1/jobs/" + record.id() + "/patch"); // the mbox has its own route
      }
      Responses.json(ctx, 200, json);
    }, failure -> failed(ctx, failure));
  }

  private void cancel(RoutingContext ctx) {
    jobs.cancel(ctx.pathParam("id")).onComplete(
        record -> Responses.json(ctx, 202, new JsonObject().put("id", record.id()).put("state", record.state().wireName())),
        failure -> failed(ctx, failure));
  }

  /**
   * Publishes a publish_failed job's commit again, without its model: 200 with the record as it
   * is then. The body is optional: {@code {"accessToken"}} for a URL remote (a job's own token
   * lives only in memory while it runs).
   */
  private void publish(RoutingContext ctx) {
    String text = ctx.body().asString();
    Optional<SecretValue> token = Optional.empty();
    if (text != null && !text.isBlank()) {
      Object given = JsonBody.object(ctx).getValue("accessToken");
      if (given != null && !(given instanceof String)) {
        throw ApiError.badRequest("Invalid accessToken: expected a string",
            List.of(new FieldProblem("accessToken", "expected a string: the token that may push to the remote")));
      }
      token = Optional.ofNullable((String) given).filter(t -> !t.isBlank()).map(SecretValue::new);
    }
    jobs.publish(ctx.pathParam("id"), token).onComplete(record -> Responses.json(ctx, 200, record.json()),
        failure -> failed(ctx, failure));
  }

  static void failed(RoutingContext ctx, Throwable failure) {
    Responses.failure(ctx, failure);
  }

  /**
   * A finished job's stored events, or a running job's: those after {@code Last-Event-ID}, then
   * each new one as it is published, until the job's final state.
   */
  private void events(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    long lastId = parseLastId(ctx);
    jobs.get(id).onComplete(record -> {
      HttpServerResponse res = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
      if (record.state().finished()) {
        jobs.events(id, lastId).onComplete(replay -> replay.events().forEach(e -> write(res, e)), failure -> {})
            .onComplete(x -> res.end());
      } else {
        new LiveStream(ctx, jobs, id, lastId).start();
      }
    }, failure -> failed(ctx, failure));
  }

  /**
   * One SSE connection to a running job: follow the bus first, then ask the owner for what was
   * missed, so no event falls between the two; events that arrive before the replay wait for it.
   */
  private static final class LiveStream {
    private final RoutingContext ctx;
    private final Jobs jobs;
    private final String id;
    private final List<JsonObject> pending = new ArrayList<>();
    private long sent;
    private boolean replayed;
    private MessageConsumer<JsonObject> consumer;
    private long heartbeat;

    LiveStream(RoutingContext ctx, Jobs jobs, String id, long lastId) {
      this.ctx = ctx;
      this.jobs = jobs;
      this.id = id;
      this.sent = lastId;
    }

    void start() {
      HttpServerResponse res = ctx.response();
      consumer = ctx.vertx().eventBus().consumer(Addresses.jobEvents(id), msg -> {
        if (replayed) {
          deliver(msg.body());
        } else {
          pending.add(msg.body());
        }
      });
      heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MS, t -> res.write(": keep-alive\n\n"));
      res.closeHandler(v -> stop());
      consumer.completion().compose(v -> jobs.events(id, sent)).onComplete(replay -> {
        replay.events().forEach(this::deliver);
        pending.forEach(this::deliver);
        pending.clear();
        replayed = true;
        if (replay.ended() && !res.ended()) {
          stop();
          res.end();
        }
      }, failure -> {
        stop();
        if (!res.ended()) {
          res.end();
        }
      });
    }

    private void deliver(JsonObject event) {
      HttpServerResponse res = ctx.response();
      long eventId = event.getLong("id");
      if (eventId <= sent || res.ended() || res.closed()) {
        return;
      }
      sent = eventId;
      write(res, event);
      if ("job.state".equals(event.getString("type")) && isFinal(event.getJsonObject("data").getString("state"))) {
        stop();
        res.end();
      }
    }

    private void stop() {
      ctx.vertx().cancelTimer(heartbeat);
      if (consumer != null) {
        consumer.unregister();
      }
    }

    private static boolean isFinal(String state) {
      return !"queued".equals(state) && !"running".equals(state);
    }
  }

  private static void write(HttpServerResponse res, JsonObject event) {
    res.write("id: " + event.getLong("id") + "\nevent: " + event.getString("type") + "\ndata: "
        + Redactor.redact(event.encode()) + "\n\n");
  }

  private static long parseLastId(RoutingContext ctx) {
    String raw = ctx.request().getHeader("Last-Event-ID");
    if (raw == null) {
      raw = ctx.request().getParam("lastEventId");
    }
    try {
      return raw == null ? 0 : Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
