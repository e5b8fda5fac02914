package dev.mergeloom.worker.testing;

import dev.mergeloom.worker.Worker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real worker on a random loopback port with its own data directory and an injected
 * environment. Close it to stop the worker.
 */
public final class TestWorker implements AutoCloseable {
  private final Worker worker;
  private final Http http;

  private TestWorker(Worker worker) {
    this.worker = worker;
    this.http = new Http(worker.port());
  }

  /** The environment a test worker starts from: temp data dir, random port. */
  public static Map<String, String> baseEnv(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("JCA_WORKER_DATA_DIR", dataDir.toString());
    env.put("JCA_WORKER_PORT", "0");
    return env;
  }

  public static TestWorker start(Path dataDir) {
    return start(baseEnv(dataDir));
  }

  public static TestWorker start(Map<String, String> env) {
    return new TestWorker(Worker.start(env).await());
  }

  public Worker worker() {
    return worker;
  }

  public Http http() {
    return http;
  }

  public int port() {
    return worker.port();
  }

  /** Sends a provider PUT and returns the response. */
  public Http.Response putProvider(String id, JsonObject body) {
    return http.put("/api/v1/providers/" + id, body);
  }

  @Override
  public void close() {
    http.close();
    worker.stop().await();
  }
}
