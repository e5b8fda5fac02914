package dev.mergeloom.worker.bench;

import dev.mergeloom.worker.Worker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N concurrent self-tests against a local fake provider that answers after a fixed latency.
 * Prints wall time against the ideal (the latency itself), self-tests per second, the overhead
 * the worker adds per call (client-observed latency minus the fake's delay), peak heap and RSS,
 * and how many blocked-thread warnings Vert.x logged. Run by bench/selftests.sh; not a test.
 */
public final class SelfTestBench {
  public static void main(String[] args) throws Exception {
    int latencyMs = Integer.parseInt(System.getProperty("latencyMs", "200"));
    List<Integer> sizes = args.length == 0 ? List.of(1, 100, 1000) : Arrays.stream(args).map(Integer::parseInt).toList();
    AtomicInteger blocked = BenchSupport.countBlockedThreadWarnings();
    AtomicLong peakHeap = new AtomicLong();

    Vertx side = Vertx.vertx();
    String reply = WireFake.OPENAI_CHAT.call("report_status", new JsonObject().put("status", "ok"));
    var fake = side.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> side.setTimer(latencyMs, t -> req.response()
        .putHeader("Content-Type", "application/json").end(reply))))
        .listen(0, "127.0.0.1").await();
    Path data = Files.createTempDirectory("bench-selftest");
    Worker worker = Worker.start(Map.of("JCA_WORKER_DATA_DIR", data.toString(), "JCA_WORKER_PORT", "0",
        "JCA_WORKER_LOG_LEVEL", "WARN")).await();
    WebClient client = WebClient.create(side, new io.vertx.ext.web.client.WebClientOptions(),
        new PoolOptions().setHttp1MaxSize(2000));
    client.request(HttpMethod.PUT, worker.port(), "127.0.0.1", "/api/v1/providers/openai-compatible")
        .sendBuffer(Buffer.buffer(new JsonObject().put("authMethod", "none").put("fields", new JsonObject()
            .put("baseUrl", "http://127.0.0.1:" + fake.actualPort()).put("model", "bench")).encode())).await();
    long sampler = side.setPeriodic(20, t -> peakHeap.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max));

    run(client, worker.port(), 20, latencyMs); // warm-up: JIT, connection pools
    System.out.printf("fake provider latency %d ms, %d cores, java %s%n", latencyMs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.println("| N | round | harness alone ms | wall ms | ideal ms | self-tests/s | overhead p50 ms | overhead p99 ms | passed |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int n : sizes) {
      // Two rounds each: the first also opens connections and warms the JIT for this load.
      for (int round = 1; round <= 2; round++) {
        long direct = direct(client, fake.actualPort(), n);
        Result r = run(client, worker.port(), n, latencyMs);
        System.out.printf("| %d | %d | %d | %d | %d | %.0f | %.1f | %.1f | %d |%n", n, round, direct, r.wallMs, latencyMs,
            n * 1000.0 / r.wallMs, r.p50, r.p99, r.passed);
      }
    }
    side.cancelTimer(sampler);
    System.out.printf("peak heap %d MiB, peak RSS %s MiB (worker, fake and client in one JVM), blocked-thread warnings: %d%n",
        peakHeap.get() / (1024 * 1024), BenchSupport.peakRssMiB(), blocked.get());
    worker.stop().await();
    side.close().await();
    System.exit(0);
  }

  private record Result(long wallMs, double p50, double p99, int passed) {}

  /** The load client straight to the fake, no worker: what the harness alone costs at this N. */
  private static long direct(WebClient client, int fakePort, int n) {
    long t0 = System.nanoTime();
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(client.request(HttpMethod.POST, fakePort, "127.0.0.1", "/calibrate").send());
    }
    Future.all(calls).await();
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static Result run(WebClient client, int port, int n, int latencyMs) {
    long start = System.nanoTime();
    List<Future<Double>> calls = new ArrayList<>();
    AtomicInteger passed = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      calls.add(client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v1/providers/openai-compatible/self-test")
          .send().map(resp -> {
            if ("passed".equals(resp.bodyAsJsonObject().getString("status"))) {
              passed.incrementAndGet();
            }
            return (System.nanoTime() - t0) / 1e6 - latencyMs;
          }));
    }
    Future.all(calls).await();
    long wall = (System.nanoTime() - start) / 1_000_000;
    double[] overheads = calls.stream().mapToDouble(Future::result).sorted().toArray();
    return new Result(wall, BenchSupport.percentile(overheads, 50), BenchSupport.percentile(overheads, 99), passed.get());
  }
}
