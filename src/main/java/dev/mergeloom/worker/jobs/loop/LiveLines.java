package dev.mergeloom.worker.jobs.loop;

import dev.mergeloom.worker.jobs.model.JobEvents;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * A job's command output as live events, at most {@link #PER_SECOND} lines a second; past that
 * lines are counted, and one line says how many were not shown (the record keeps each command's
 * head and tail whatever the rate). Used on the job's context only.
 */
public final class LiveLines {
  static final int PER_SECOND = 200;
  private final JobEvents events;
  private final Supplier<String> stage;
  private long second;
  private int thisSecond;
  private long hidden;

  public LiveLines(JobEvents events, Supplier<String> stage) {
    this.events = events;
    this.stage = stage;
  }

  public void line(String line) {
    long now = System.nanoTime() / 1_000_000_000L;
    if (now != second) {
      flush();
      second = now;
      thisSecond = 0;
    }
    if (thisSecond++ < PER_SECOND) {
      events.add("command.output", new JsonObject().put("stage", stage.get()).put("line", JobTools.abbreviate(line, 2_000)));
    } else {
      hidden++;
    }
  }

  /** Says how many lines were not streamed, if any; at the end of each command. */
  public void flush() {
    if (hidden > 0) {
      events.add("command.output", new JsonObject().put("stage", stage.get()).put("line", "[… " + hidden
          + " more lines not streamed live; the record keeps the command's first and last output]"));
      hidden = 0;
    }
  }
}
