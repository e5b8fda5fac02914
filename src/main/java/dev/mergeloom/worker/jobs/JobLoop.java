package dev.mergeloom.worker.jobs;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

/**
 * An event loop of its own for job orchestration (deployed as a verticle, so Vert.x assigns the
 * next loop): jobs' bookkeeping then never queues behind the UI's requests, nor they behind it.
 */
final class JobLoop {
  private JobLoop() {}

  static Future<Context> own(Vertx vertx) {
    Promise<Context> own = Promise.promise();
    vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        own.complete(context);
        return Future.succeededFuture();
      }
    });
    return own.future();
  }
}
