package dev.mergeloom.worker.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The last self-test result of each provider, with the fingerprint of the configuration it tested. */
public final class SelfTestStore {
  private final Database db;

  /** A result and the configuration fingerprint it belongs to. */
  public record Stored(String fingerprint, JsonObject result) {}

  private SelfTestStore(Database db) {
    this.db = db;
  }

  /** Lives in the provider config database, next to what it tested. */
  public static Future<SelfTestStore> open(Database db) {
    return db.call(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS self_test (provider_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, "
            + "result TEXT NOT NULL)");
      }
      return new SelfTestStore(db);
    });
  }

  public Future<Map<String, Stored>> loadAll() {
    return db.call(c -> {
      Map<String, Stored> all = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT provider_id, fingerprint, result FROM self_test")) {
        while (rs.next()) {
          all.put(rs.getString(1), new Stored(rs.getString(2), new JsonObject(rs.getString(3))));
        }
      }
      return all;
    });
  }

  public Future<Void> save(String providerId, Stored stored) {
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO self_test (provider_id, fingerprint, result) "
          + "VALUES (?, ?, ?) ON CONFLICT(provider_id) DO UPDATE SET fingerprint = excluded.fingerprint, "
          + "result = excluded.result")) {
        ps.setString(1, providerId);
        ps.setString(2, stored.fingerprint());
        ps.setString(3, stored.result().encode());
        ps.executeUpdate();
      }
      return null;
    });
  }
}
