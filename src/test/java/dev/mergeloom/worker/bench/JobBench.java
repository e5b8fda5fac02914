package dev.mergeloom.worker.bench;

import dev.mergeloom.worker.Worker;
import dev.mergeloom.worker.testing.GitRepos;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N concurrent jobs, each a scripted 10-turn tool session (nine read_file turns, then
 * final_result) on its own small git repository, against a fake model with a fixed latency
 * ({@link FakeModelProcess}, a separate process).
 * Reports wall time against the ideal (turns x latency), turns per second, the worker's overhead
 * per turn (from the model's reply to the job's next request), peak heap and RSS, and the p99
 * latency of /healthz and GET /api/v1/jobs while the load runs, the CPU both processes used, where
 * each job's time went and which threads were busiest. The first 500 jobs after the start are a
 * row of their own ("cold", with a fake model already warmed by 5000 requests of its own); then
 * {@code -DwarmUpJobs} (default 3000) run unmeasured before the rows for each N. Run with
 * bench/jobs.sh. With {@code -Dcommands=true} four of the nine tool turns run {@code python3 -c pass}
 * in the job's sandbox instead of reading a file; {@code -Dsandbox=off} runs them unsandboxed,
 * {@code -Dcgroups=off} sandboxed without a cgroup per command.
 */
public final class JobBench {
  static final int TURNS = 10;

  public static void main(String[] args) throws Exception {
    int latencyMs = Integer.parseInt(System.getProperty("latencyMs", "200"));
    List<Integer> sizes = args.length == 0 ? List.of(10, 100, 500) : Arrays.stream(args).map(Integer::parseInt).toList();
    AtomicInteger blocked = BenchSupport.countBlockedThreadWarnings();
    Vertx side = Vertx.vertx();
    // The fake model runs in a process of its own, so these figures are the worker's.
    Process fakeProcess = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FakeModelProcess.class.getName(), Integer.toString(latencyMs),
        Integer.toString(TURNS), Boolean.getBoolean("commands") ? "commands" : "reads").redirectErrorStream(true).start();
    var fakeOut = new java.io.BufferedReader(new java.io.InputStreamReader(fakeProcess.getInputStream()));
    String portLine;
    while ((portLine = fakeOut.readLine()) != null && !portLine.startsWith("port ")) {
      // skip the fake's start-up logging
    }
    if (portLine == null) {
      throw new IllegalStateException("the fake model process did not start");
    }
    int fakePort = Integer.parseInt(portLine.substring(5).trim());
    Runtime.getRuntime().addShutdownHook(new Thread(fakeProcess::destroy));
    Path root = Files.createTempDirectory("bench-jobs");
    Worker worker = Worker.start(Map.of("JCA_WORKER_DATA_DIR", root.resolve("data").toString(), "JCA_WORKER_PORT", "0",
        "JCA_WORKER_LOG_LEVEL", "WARN", "JCA_WORKER_REQUIRE_SELF_TEST", "false",
        "JCA_WORKER_MAX_CONCURRENT_JOBS", "1000",
        // -Dsandbox=off measures the same jobs without bubblewrap, for the sandbox's share.
        "JCA_WORKER_SANDBOX", System.getProperty("sandbox", "bwrap"),
        "JCA_WORKER_SANDBOX_CGROUPS", System.getProperty("cgroups", "auto"))).await();
    WebClient client = WebClient.create(side, new io.vertx.ext.web.client.WebClientOptions(),
        new PoolOptions().setHttp1MaxSize(200));
    client.request(HttpMethod.PUT, worker.port(), "127.0.0.1", "/api/v1/providers/openai-compatible")
        .sendBuffer(Buffer.buffer(new JsonObject().put("authMethod", "none").put("fields", new JsonObject()
            .put("baseUrl", "http://127.0.0.1:" + fakePort).put("model", "bench")).encode())).await();

    warmUpFake(client, fakePort);
    System.out.printf("fake model latency %d ms, %d turns per job%s, %d cores, java %s%n", latencyMs, TURNS,
        Boolean.getBoolean("commands") ? " (4 of them python3 -c pass in the sandbox)" : "",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.println("| N | wall ms | ideal ms | wall / ideal | turns/s | overhead/turn p50 ms | p99 ms "
        + "| first-request spread ms | heap peak MiB | heap growth KiB/job | RSS peak MiB | /healthz p99 ms "
        + "| GET /api/v1/jobs p99 ms | worker CPU ms/job | fake model CPU ms/job | completed |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    // The first jobs after a start run while the JIT compiler is still at work (in both JVMs): they
    // are shown on their own, then more jobs run unmeasured until the figures settle.
    int round = 0;
    runRound(side, client, worker, root, 500, round++, latencyMs, fakePort, fakeProcess, "500 (cold)");
    int warmUpJobs = Integer.parseInt(System.getProperty("warmUpJobs", "3000"));
    for (int done = 0; done < warmUpJobs; done += 500) {
      runRound(side, client, worker, root, Math.min(500, warmUpJobs - done), round++, latencyMs, fakePort, fakeProcess,
          null);
    }
    for (int n : sizes) {
      runRound(side, client, worker, root, n, round++, latencyMs, fakePort, fakeProcess, Integer.toString(n));
    }
    System.out.printf("blocked-thread warnings: %d (worker and load client in one JVM, the fake model in another)%n",
        blocked.get());
    fakeProcess.destroy();
    worker.stop().await();
    side.close().await();
    System.exit(0);
  }

  private static void runRound(Vertx side, WebClient client, Worker worker, Path root, int n, int round, int latencyMs,
      int fakePort, Process fakeProcess, String label) throws Exception {
    boolean warmUp = label == null;
    List<Path> repos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      repos.add(GitRepos.create(root.resolve("r" + round + "-" + i), GitRepos.calculator()));
    }
    System.gc();
    long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    AtomicLong peakHeap = new AtomicLong(heapBefore);
    client.request(HttpMethod.POST, fakePort, "127.0.0.1", "/reset").send().await();
    List<Double> health = new CopyOnWriteArrayList<>();
    List<Double> listing = new CopyOnWriteArrayList<>();
    long sampler = side.setPeriodic(20, t -> peakHeap.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max));
    long prober = side.setPeriodic(100, t -> {
      timed(client.request(HttpMethod.GET, worker.port(), "127.0.0.1", "/healthz").send(), health);
      timed(client.request(HttpMethod.GET, worker.port(), "127.0.0.1", "/api/v1/jobs").send(), listing);
    });
    long workerCpuBefore = BenchSupport.processCpuMillis();
    Map<String, Long> threadsBefore = BenchSupport.cpuByThread();
    long fakeCpuBefore = fakeCpuMillis(fakeProcess);
    long start = System.nanoTime();
    List<Future<String>> submitted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JsonObject envelope = new JsonObject().put("ticket", new JsonObject().put("key", "BENCH-" + round + "-" + i)
          .put("title", "Read").put("description", "Read calc.py."))
          .put("repositories", new JsonArray().add(new JsonObject().put("path", repos.get(i).toString())
              .put("validationMode", "off")));
      submitted.add(client.request(HttpMethod.POST, worker.port(), "127.0.0.1", "/api/v1/jobs")
          .sendBuffer(Buffer.buffer(envelope.encode())).map(r -> r.bodyAsJsonObject().getString("id")));
    }
    Future.all(submitted).await();
    List<String> ids = submitted.stream().map(Future::result).toList();
    var jobs = worker.context().jobs().orElseThrow();
    // One request to the jobs' owner per poll, for its counts only: the probes above measure the
    // API under load, this must not add to it.
    while (true) {
      var counts = jobs.list(null, 0).await();
      if (counts.running() == 0 && counts.queued() == 0) {
        break;
      }
      Thread.sleep(20);
    }
    java.util.Set<String> ours = java.util.Set.copyOf(ids);
    int completed = (int) jobs.list("completed", Integer.MAX_VALUE).await().summaries().stream()
        .filter(s -> ours.contains(s.getString("id"))).count();
    long wall = (System.nanoTime() - start) / 1_000_000;
    long workerCpu = BenchSupport.processCpuMillis() - workerCpuBefore;
    Map<String, Long> threadsAfter = BenchSupport.cpuByThread();
    long fakeCpu = fakeCpuMillis(fakeProcess) - fakeCpuBefore;
    if (!warmUp) {
      phases(jobs, ids);
      busiestThreads(threadsBefore, threadsAfter, wall);
    }
    side.cancelTimer(sampler);
    side.cancelTimer(prober);
    if (warmUp) {
      return;
    }
    long ideal = (long) TURNS * latencyMs;
    JsonObject stats = client.request(HttpMethod.GET, fakePort, "127.0.0.1", "/stats").send().await().bodyAsJsonObject();
    System.out.printf("| %s | %d | %d | %.2f | %.0f | %.1f | %.1f | %.0f | %d | %d | %s | %.1f | %.1f | %.1f | %.1f | %d |%n",
        label, wall,
        ideal, wall / (double) ideal, n * TURNS * 1000.0 / wall, stats.getDouble("p50"), stats.getDouble("p99"),
        stats.getDouble("startSpreadMs"),
        peakHeap.get() / (1024 * 1024), (peakHeap.get() - heapBefore) / 1024 / n, BenchSupport.peakRssMiB(),
        BenchSupport.percentile(sorted(health), 99), BenchSupport.percentile(sorted(listing), 99),
        workerCpu / (double) n, fakeCpu / (double) n, completed);
  }

  /** The job phases between events, from the stored streams: where a job's time goes. */
  private static final String[] PHASES = {"job.state:queued", "job.state:running", "checkout.started",
      "checkout.finished", "stage.started", "stage.finished", "job.state:completed"};

  private static void phases(dev.mergeloom.worker.jobs.Jobs jobs, List<String> ids) throws Exception {
    Thread.sleep(1_000); // the streams are stored just after each job ends
    java.util.Map<String, List<Double>> gaps = new java.util.LinkedHashMap<>();
    java.util.Map<String, List<java.time.Instant>> reached = new java.util.LinkedHashMap<>();
    for (String id : ids) {
      java.util.Map<String, java.time.Instant> first = new java.util.HashMap<>();
      for (JsonObject e : jobs.events(id, 0).await().events()) {
        String key = e.getString("type") + (e.getString("type").equals("job.state")
            ? ":" + e.getJsonObject("data").getString("state") : "");
        first.putIfAbsent(key, java.time.Instant.parse(e.getString("at")));
      }
      for (String phase : PHASES) {
        if (first.containsKey(phase)) {
          reached.computeIfAbsent(phase, x -> new ArrayList<>()).add(first.get(phase));
        }
      }
      for (int k = 1; k < PHASES.length; k++) {
        if (first.containsKey(PHASES[k - 1]) && first.containsKey(PHASES[k])) {
          gaps.computeIfAbsent(PHASES[k - 1] + " → " + PHASES[k], x -> new ArrayList<>())
              .add((double) java.time.Duration.between(first.get(PHASES[k - 1]), first.get(PHASES[k])).toMillis());
        }
      }
    }
    // When the jobs reached each point, from the first job's queueing: how staggered they are.
    java.time.Instant origin = reached.get(PHASES[0]).stream().min(java.util.Comparator.naturalOrder()).orElseThrow();
    reached.forEach((phase, times) -> {
      double[] a = sorted(times.stream().map(t -> (double) java.time.Duration.between(origin, t).toMillis()).toList());
      System.out.printf("    reached %-38s p50 %6.0f ms  p90 %6.0f ms  max %6.0f ms%n", phase,
          BenchSupport.percentile(a, 50), BenchSupport.percentile(a, 90), a[a.length - 1]);
    });
    gaps.forEach((phase, values) -> {
      double[] a = sorted(values);
      System.out.printf("    %-46s p50 %6.0f ms  p90 %6.0f ms  max %6.0f ms%n", phase, BenchSupport.percentile(a, 50),
          BenchSupport.percentile(a, 90), a[a.length - 1]);
    });
  }

  /**
   * Sends the fake model 5000 requests of its own first, so that the cold row measures a cold
   * worker and not a cold fake as well (the fake's JIT competes for the same cores).
   */
  private static void warmUpFake(WebClient client, int fakePort) {
    for (int batch = 0; batch < 10; batch++) {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        sent.add(client.request(HttpMethod.POST, fakePort, "127.0.0.1", "/v1/chat/completions")
            .sendBuffer(Buffer.buffer("{\"note\": \"Ticket BENCH-warm-" + i + "\"}")));
      }
      Future.all(sent).await();
    }
    client.request(HttpMethod.POST, fakePort, "127.0.0.1", "/reset").send().await();
  }

  /** The threads that used the most CPU during the round, as a share of the wall time. */
  private static void busiestThreads(Map<String, Long> before, Map<String, Long> after, long wallMs) {
    after.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
        .forEach(e -> System.out.printf("    cpu %-52s %6d ms  %3.0f%% of the wall time%n", e.getKey(), e.getValue(),
            100.0 * e.getValue() / wallMs));
  }

  /** CPU time the fake model's process has used so far. */
  private static long fakeCpuMillis(Process fake) {
    return fake.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
  }

  private static void timed(Future<?> request, List<Double> into) {
    long t0 = System.nanoTime();
    request.onComplete(ar -> into.add((System.nanoTime() - t0) / 1e6));
  }

  private static double[] sorted(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }
}
