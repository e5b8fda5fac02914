package dev.mergeloom.worker;

import dev.mergeloom.worker.web.WorkerRouter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The UI/API server, deployed once per core: each instance listens on the same port from its own
 * event loop and Vert.x spreads connections between them, so a burst is not served by one thread.
 */
final class HttpVerticle extends VerticleBase {
  private final WorkerContext worker;
  private final int port;
  private HttpServer server;

  private HttpVerticle(WorkerContext worker, int port) {
    this.worker = worker;
    this.port = port;
  }

  /** Deploys the instances and answers the port they share. */
  static Future<Integer> deploy(Vertx vertx, WorkerContext worker) {
    int port;
    try {
      port = worker.settings().port() != 0 ? worker.settings().port() : freePort(worker.settings().host());
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new HttpVerticle(worker, port), new DeploymentOptions().setInstances(instances))
        .map(id -> port);
  }

  /** Port 0 (tests) would give each instance its own port: pick one free port for all of them. */
  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(worker.settings().host()).setPort(port))
        .requestHandler(WorkerRouter.create(vertx, worker))
        .listen()
        .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
