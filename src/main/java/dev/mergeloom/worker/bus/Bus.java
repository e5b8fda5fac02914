package dev.mergeloom.worker.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Function;

/**
 * Request and reply between the worker's verticles: a request's body and its answer travel as
 * objects ({@link LocalCodec}), and a failure comes back as the very exception the owner raised (a
 * {@link Refusal}, bad input naming its field), so the HTTP layer maps it as if it had called
 * the owner directly.
 */
public final class Bus {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setCodecName(LocalCodec.NAME).setLocalOnly(true);

  private Bus() {}

  /** Registers the codec; once per {@link Vertx}, before any verticle of the worker starts. */
  public static void install(Vertx vertx) {
    vertx.eventBus().registerCodec(new LocalCodec());
  }

  /** A failure on its way back to the requester. */
  private record Failed(Throwable cause) {}

  /** Asks the owner of {@code address} and answers its reply, or its failure as raised. */
  public static <T> Future<T> request(Vertx vertx, String address, Object body) {
    return request(vertx, address, body, LOCAL);
  }

  /**
   * The same, for a request the owner may hold longer than the bus's 30 s default (a long poll):
   * it fails with a timeout only after {@code timeout}.
   */
  public static <T> Future<T> request(Vertx vertx, String address, Object body, java.time.Duration timeout) {
    return request(vertx, address, body, new DeliveryOptions(LOCAL).setSendTimeout(timeout.toMillis()));
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<T> request(Vertx vertx, String address, Object body, DeliveryOptions options) {
    return vertx.eventBus().request(address, body, options).compose(reply -> reply.body() instanceof Failed f
        ? Future.failedFuture(f.cause()) : Future.succeededFuture((T) reply.body()));
  }

  /**
   * Serves {@code address} on the calling verticle's context: each request's body goes to
   * {@code handler}, whose future's value (or failure) is the reply. A handler that throws fails
   * that request only.
   */
  public static <B> Future<Void> serve(Vertx vertx, String address, Function<B, Future<?>> handler) {
    MessageConsumer<B> consumer = vertx.eventBus().localConsumer(address, message -> answer(message, handler));
    return consumer.completion();
  }

  /** Tells every follower of {@code address} (see {@link #follow}); nobody answers. */
  public static void publish(Vertx vertx, String address, Object body) {
    vertx.eventBus().publish(address, body, LOCAL);
  }

  /**
   * Follows what is published on {@code address}, on the calling verticle's context (so the
   * follower's state needs no lock); the follow ends with that verticle.
   */
  public static <B> Future<Void> follow(Vertx vertx, String address, java.util.function.Consumer<B> follower) {
    MessageConsumer<B> consumer = vertx.eventBus().localConsumer(address, message -> follower.accept(message.body()));
    return consumer.completion();
  }

  private static <B> void answer(Message<B> message, Function<B, Future<?>> handler) {
    Future<?> result;
    try {
      result = handler.apply(message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(value -> message.reply(value, LOCAL), failure -> message.reply(new Failed(failure), LOCAL));
  }
}
