package dev.mergeloom.worker.jobs;

import dev.mergeloom.worker.jobs.model.JobRecord;
import dev.mergeloom.worker.jobs.model.JobView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.bus.Refusal;
import dev.mergeloom.worker.testing.Eventually;
import dev.mergeloom.worker.testing.GitRepos;
import dev.mergeloom.worker.testing.LogCapture;
import dev.mergeloom.worker.testing.Http;
import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.TestWorker;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' owner as its clients see it: submissions sent at once are all queued, never more run
 * than the limit, readers get copies, the state machine refuses what a final state forbids, and a
 * store write that fails is logged, not dropped.
 */
class JobsVerticleTest {
  private static final int JOBS = 12;
  private static final int LIMIT = 2;
  @TempDir Path dir;

  @Test
  void submissionsSentAtOnceAreQueuedRunWithinTheLimitAndReadAsCopies() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of())) {
      model.script((step, body) -> step == 0 ? Step.calls(Call.of("read_file", "path", "calc.py"))
          : Step.calls(Call.of("final_result", "status", "completed", "summary", "read it")));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      env.put("JCA_WORKER_MAX_CONCURRENT_JOBS", Integer.toString(LIMIT));
      try (TestWorker worker = TestWorker.start(env)) {
        Http.Response put = worker.putProvider(model.provider(), model.providerBody("fake-model-1"));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        Jobs jobs = worker.worker().context().jobs().orElseThrow();

        List<Future<JobView>> sent = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          sent.add(jobs.submit(JobTesting.envelope("OWN-" + i, repo, List.of(), "off")));
        }
        Future.all(sent).await();
        Set<String> ids = new HashSet<>();
        sent.forEach(f -> ids.add(f.result().id()));
        assertThat(ids).hasSize(JOBS);

        // Watched from outside while they run: the owner never lets more than the limit run.
        int mostRunning = 0;
        Jobs.JobList now;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        do {
          now = jobs.list(null, JOBS).await();
          mostRunning = Math.max(mostRunning, now.running());
          assertThat(System.nanoTime()).as("the jobs end within 60 s").isLessThan(deadline);
          Thread.sleep(5);
        } while (now.running() + now.queued() > 0);
        assertThat(mostRunning).isBetween(1, LIMIT);
        assertThat(now.counts().get("completed")).isEqualTo(JOBS);
        assertThat(now.summaries()).extracting(s -> s.getString("id")).containsExactlyInAnyOrderElementsOf(ids);

        String id = ids.iterator().next();
        JobView view = jobs.get(id).await();
        assertThat(view.state()).isEqualTo(JobRecord.State.COMPLETED);
        view.json().put("state", "failed").getJsonObject("result").put("summary", "changed by a reader");
        JobView again = jobs.get(id).await();
        assertThat(again.state()).as("a reader's change stays in its copy").isEqualTo(JobRecord.State.COMPLETED);
        assertThat(again.json().getJsonObject("result").getString("summary")).isEqualTo("read it");

        assertThatThrownBy(() -> jobs.cancel(id).await()).isInstanceOfSatisfying(Refusal.class,
            r -> assertThat(r.code()).isEqualTo(Refusal.Code.JOB_FINISHED));
        assertThatThrownBy(() -> jobs.get("no-such-job").await()).isInstanceOfSatisfying(Refusal.class,
            r -> assertThat(r.code()).isEqualTo(Refusal.Code.JOB_NOT_FOUND));

        // A finished job's replay comes from the store: in order, after the id asked for, ending
        // with its final state.
        List<JsonObject> all = jobs.events(id, 0).await().events();
        assertThat(all).extracting(e -> e.getLong("id")).isSorted().doesNotHaveDuplicates();
        JsonObject last = all.get(all.size() - 1);
        assertThat(last.getString("type")).isEqualTo("job.state");
        assertThat(last.getJsonObject("data").getString("state")).isEqualTo("completed");
        Jobs.EventReplay tail = jobs.events(id, all.get(1).getLong("id")).await();
        assertThat(tail.ended()).isTrue();
        assertThat(tail.events()).isEqualTo(all.subList(2, all.size()));
      }
    }
  }

  @Test
  void aStoreWriteThatFailsIsLoggedAndTheJobStillEnds() throws Exception {
    Path repo = GitRepos.create(dir.resolve("repo"), GitRepos.calculator());
    try (ScriptedModel model = new ScriptedModel(WireFake.OPENAI_CHAT, List.of()).latency(1500);
        LogCapture log = new LogCapture(false)) {
      model.script((step, body) -> Step.calls(Call.of("final_result", "status", "completed", "summary", "done")));
      Map<String, String> env = TestWorker.baseEnv(dir.resolve("data"));
      env.put("JCA_WORKER_REQUIRE_SELF_TEST", "false");
      try (TestWorker worker = TestWorker.start(env)) {
        assertThat(worker.putProvider(model.provider(), model.providerBody("fake-model-1")).status()).isEqualTo(200);
        Jobs jobs = worker.worker().context().jobs().orElseThrow();
        String id = jobs.submit(JobTesting.envelope("STORE-1", repo, List.of(), "off")).await().id();
        Eventually.until("the job runs", Duration.ofSeconds(30),
            () -> jobs.get(id).await().state() == JobRecord.State.RUNNING);
        // The disk goes away while the model thinks: the job's end cannot be written.
        worker.worker().context().jobDatabase().orElseThrow().close().await();

        Eventually.until("the job ends", Duration.ofSeconds(30), () -> jobs.get(id).await().state().finished());
        assertThat(jobs.get(id).await().state()).isEqualTo(JobRecord.State.COMPLETED);
        Eventually.until("the failed write is in the log", Duration.ofSeconds(10),
            () -> log.output().contains("job " + id + " not saved to the job store"));
      }
    }
  }
}
