package dev.mergeloom.worker.store;

import dev.mergeloom.worker.config.SecretCipher;
import dev.mergeloom.worker.config.SecretValue;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Git hosts' tokens written through the UI/API: host → token, each token sealed with the
 * provider store's key (bound to its host, so a sealed value moved to another row does not open).
 */
public final class GitCredentialStore {
  /** A stored token and when it was written. */
  public record Stored(SecretValue token, String updatedAt) {}

  private final Database db;
  private final SecretCipher cipher;

  GitCredentialStore(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  public Future<Map<String, Stored>> loadAll() {
    return db.call(c -> {
      Map<String, Stored> out = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT host, token, updated_at FROM git_credential ORDER BY host")) {
        while (rs.next()) {
          out.put(rs.getString(1), new Stored(new SecretValue(cipher.decrypt(rs.getString(2), slot(rs.getString(1)))),
              rs.getString(3)));
        }
      }
      return out;
    });
  }

  public Future<Stored> save(String host, SecretValue token) {
    String now = Instant.now().toString();
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO git_credential (host, token, updated_at) VALUES (?, ?, ?) "
          + "ON CONFLICT(host) DO UPDATE SET token = excluded.token, updated_at = excluded.updated_at")) {
        ps.setString(1, host);
        ps.setString(2, cipher.encrypt(token.reveal(), slot(host)));
        ps.setString(3, now);
        ps.executeUpdate();
      }
      return new Stored(token, now);
    });
  }

  /** @return whether the host had a token */
  public Future<Boolean> delete(String host) {
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM git_credential WHERE host = ?")) {
        ps.setString(1, host);
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static String slot(String host) {
    return "git-credential:" + host;
  }
}
