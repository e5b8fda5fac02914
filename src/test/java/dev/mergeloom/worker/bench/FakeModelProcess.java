package dev.mergeloom.worker.bench;

import dev.mergeloom.worker.testing.ScriptedModel;
import dev.mergeloom.worker.testing.ScriptedModel.Call;
import dev.mergeloom.worker.testing.ScriptedModel.Step;
import dev.mergeloom.worker.testing.WireFake;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job benchmark's fake model, in a process of its own so the worker's figures are not the
 * fake's: an OpenAI-style chat endpoint that plays a 10-turn script per job after a fixed latency,
 * and measures the worker's overhead per turn (from its reply to the same job's next request).
 * With a third argument {@code commands}, every other turn is a {@code run_command} of
 * {@code python3 -c pass} (a process in the job's sandbox) instead of a {@code read_file}.
 * {@code GET /stats} answers the overhead percentiles and the spread of the jobs' first requests
 * (how staggered their starts were) since {@code POST /reset}. Prints its port.
 */
public final class FakeModelProcess {
  private static final Pattern TICKET = Pattern.compile("Ticket (BENCH-[\\d-]+)");

  public static void main(String[] args) {
    int latencyMs = Integer.parseInt(args[0]);
    int turns = Integer.parseInt(args[1]);
    // With "commands", every other turn runs a command in the job's sandbox instead of reading a file.
    boolean commands = args.length > 2 && args[2].equals("commands");
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    ScriptedModel encoder = new ScriptedModel(WireFake.OPENAI_CHAT, List.of());
    Map<String, Long> lastReply = new ConcurrentHashMap<>();
    Map<String, Long> firstRequest = new ConcurrentHashMap<>();
    List<Double> overheads = new CopyOnWriteArrayList<>();
    var server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      if (req.path().equals("/stats")) {
        double[] o = overheads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        long[] firsts = firstRequest.values().stream().mapToLong(Long::longValue).sorted().toArray();
        double spread = firsts.length == 0 ? 0 : (firsts[firsts.length - 1] - firsts[0]) / 1e6;
        req.response().end(new JsonObject().put("p50", BenchSupport.percentile(o, 50))
            .put("p99", BenchSupport.percentile(o, 99)).put("count", o.length).put("startSpreadMs", spread).encode());
        return;
      }
      if (req.path().equals("/reset")) {
        overheads.clear();
        lastReply.clear();
        firstRequest.clear();
        req.response().end();
        return;
      }
      long arrived = System.nanoTime();
      String body = b.toString();
      Matcher m = TICKET.matcher(body);
      String job = m.find() ? m.group(1) : "?";
      firstRequest.putIfAbsent(job, arrived);
      Long previous = lastReply.get(job);
      if (previous != null) {
        overheads.add((arrived - previous) / 1e6);
      }
      int step = body.split("mlstep-", -1).length - 1;
      Step s = step >= turns - 1 ? Step.calls(Call.of("final_result", "status", "completed", "summary", "read it"))
          : commands && step % 2 == 1 ? Step.calls(Call.of("run_command", "argv",
              new io.vertx.core.json.JsonArray().add("python3").add("-c").add("pass")))
          : Step.calls(Call.of("read_file", "path", "calc.py"));
      String reply = encoder.encode(step, s);
      vertx.setTimer(latencyMs, t -> req.response().putHeader("Content-Type", "application/json").end(reply)
          .onComplete(x -> lastReply.put(job, System.nanoTime())));
    })).listen(0, "127.0.0.1").await();
    System.out.println("port " + server.actualPort());
    System.out.flush();
  }
}
