package dev.mergeloom.worker.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Job records (the JSON the API shows) and, once a job ends, its event stream. Each write
 * replaces the whole record in one statement, so a crash leaves the previous version.
 */
public final class JobStore {
  private final Database db;

  private JobStore(Database db) {
    this.db = db;
  }

  public static Future<JobStore> open(Database db) {
    return db.call(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS job (id TEXT PRIMARY KEY, state TEXT NOT NULL, created_at TEXT NOT NULL, "
            + "record TEXT NOT NULL, events TEXT)");
        s.execute("CREATE INDEX IF NOT EXISTS job_created ON job (created_at)");
      }
      return new JobStore(db);
    });
  }

  public Future<Void> save(JsonObject record, JsonArray events) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO job (id, state, created_at, record, events) "
          + "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, record = excluded.record, "
          + "events = COALESCE(excluded.events, job.events)")) {
        ps.setString(1, record.getString("id"));
        ps.setString(2, record.getString("state"));
        ps.setString(3, record.getString("createdAt"));
        ps.setString(4, record.encode());
        ps.setString(5, events == null ? null : events.encode());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Every record, oldest first. */
  public Future<List<JsonObject>> loadAll() {
    return db.call(c -> {
      List<JsonObject> all = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT record FROM job ORDER BY created_at, id")) {
        while (rs.next()) {
          all.add(new JsonObject(rs.getString(1)));
        }
      }
      return all;
    });
  }

  /** The stored events of a finished job (empty when none were stored). */
  public Future<JsonArray> events(String id) {
    return db.call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT events FROM job WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getString(1) != null ? new JsonArray(rs.getString(1)) : new JsonArray();
        }
      }
    });
  }
}
