package dev.mergeloom.worker.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runtime settings written through the UI/API: key to canonical string, replaced atomically. */
public final class RuntimeConfigStore {
  static final String STEP_ROWS_DELETED = "runtime-rows-deleted";

  private final Database db;

  private RuntimeConfigStore(Database db) {
    this.db = db;
  }

  public static Future<RuntimeConfigStore> open(Vertx vertx, Path file) {
    return Database.open(vertx, file).compose(db -> db.call(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS runtime_config (setting_key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
      return new RuntimeConfigStore(db);
    }).onFailure(e -> db.close()));
  }

  public Database database() {
    return db;
  }

  public Future<Map<String, String>> load() {
    return db.call(c -> {
      Map<String, String> values = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT setting_key, value FROM runtime_config ORDER BY setting_key")) {
        while (rs.next()) {
          values.put(rs.getString(1), rs.getString(2));
        }
      }
      return values;
    });
  }

  /** Replaces every stored runtime setting with {@code values} in one transaction. */
  public Future<Map<String, String>> replace(Map<String, String> values) {
    return db.transaction(c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM runtime_config");
      }
      db.checkpoint(STEP_ROWS_DELETED);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO runtime_config (setting_key, value) VALUES (?, ?)")) {
        for (Map.Entry<String, String> e : values.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setString(2, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return Map.copyOf(values);
    });
  }
}
