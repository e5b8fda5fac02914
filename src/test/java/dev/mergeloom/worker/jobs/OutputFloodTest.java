package dev.mergeloom.worker.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a command prints, the worker's memory stays bounded and it keeps answering: 8 million
 * short lines, a 1.5 GB line without a newline, and read_file and show_diff of a 200 MB file,
 * while /healthz is asked every 20 ms.
 */
class OutputFloodTest {
  @TempDir Path dir;

  private static Step run(String code) {
    return Step.calls(Call.of("run_command", "argv", new JsonArray().add("python3").add("-c").add(code)));
  }

  @Test
  void floodsLeaveTheWorkerAnsweringWithBoundedMemory() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    List<Step> steps = List.of(
        run("import sys\nw = sys.stdout.write\nfor i in range(8_000_000): w('x\\n')"),
        run("import sys\nfor i in range(1500): sys.stdout.write('y' * 1_000_000)"),
        run("f = open('huge.txt', 'w')\nfor i in range(200): f.write('z' * 1_000_000)\nf.close()"),
        Step.calls(Call.of("read_file", "path", "huge.txt")),
        Step.calls(Call.of("show_diff")),
        Step.calls(Call.of("final_result", "status", "completed", "summary", "survived")));
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of())) {
      model.script((step, body) -> step < steps.size() ? steps.get(step) : new Step("?", List.of()));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env)) {
        assertThat(worker.putProvider(model.provider(), model.providerBody("fake-model")).status()).isEqualTo(200);
        System.gc();
        long baseline = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(baseline);
        List<Long> probes = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread prober = new Thread(() -> {
          while (!done.get()) {
            long t = System.nanoTime();
            Http.Response health = worker.http().get("/healthz");
            if (health.status() == 200) {
              synchronized (probes) {
                probes.add((System.nanoTime() - t) / 1_000_000);
              }
            }
            peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        prober.start();
        String id = JobTesting.submit(worker, JobTesting.envelope("FLOOD-1", repo, List.of(), "off"));
        JsonObject job = JobTesting.awaitEnd(worker, id, Duration.ofSeconds(240));
        done.set(true);
        prober.join();

        assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("completed");
        JsonArray commands = job.getJsonObject("result").getJsonArray("commands");
        assertThat(commands.getJsonObject(0).getInteger("exitCode")).isZero();
        assertThat(commands.getJsonObject(0).getBoolean("truncated")).isTrue();
        // The 1.5 GB line was read in chunks and cut: the record holds its capped head and tail.
        assertThat(commands.getJsonObject(1).getInteger("exitCode")).isZero();
        assertThat(commands.getJsonObject(1).getString("output").length()).isLessThan(20_000);
        // Live output is rate-limited per job: the stream says how many lines it did not show.
        String events = worker.http().get("/api/v1/jobs/" + id + "/events").body();
        assertThat(events).contains("more lines not streamed live");
        List<JsonObject> sent = model.requests().stream().map(r -> r.json()).toList();
        assertThat(sent).allSatisfy(body -> assertThat(body.encode().length()).isLessThan(400_000));
        long[] sorted;
        synchronized (probes) {
          sorted = probes.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        assertThat(sorted.length).isGreaterThan(20);
        long p99 = sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)];
        assertThat(p99).as("/healthz p99 in ms during the floods").isLessThan(1_000);
        assertThat(peak.get() - baseline).as("heap growth in bytes").isLessThan(768L << 20);
      }
    }
  }
}
