package dev.mergeloom.worker.store;

import dev.mergeloom.worker.config.ConfigException;
import dev.mergeloom.worker.config.SecretCipher;
import dev.mergeloom.worker.config.SecretCipher.WrongKeyException;
import dev.mergeloom.worker.config.SecretKeyFile;
import dev.mergeloom.worker.config.WorkerVariables;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Provider settings written through the UI/API, with secret fields sealed by {@link SecretCipher}.
 *
 * <p>A marker value sealed with the key is kept in {@code meta}: on open it must decrypt, so a
 * wrong key stops start-up before anything is read or written, instead of failing later or
 * overwriting secrets that only the right key can open.
 */
public final class ProviderConfigStore {
  static final String STEP_FIELDS_DELETED = "provider-fields-deleted";
  private static final String KEY_CHECK = "key_check";
  private static final String KEY_CHECK_PLAINTEXT = "mergeloom-worker key check";

  private final Database db;
  private final SecretCipher cipher;

  private ProviderConfigStore(Database db, SecretCipher cipher) {
    this.db = db;
    this.cipher = cipher;
  }

  public static Future<ProviderConfigStore> open(Vertx vertx, Path file, Path keyPath) {
    return Database.open(vertx, file).compose(db -> db.call(c -> {
      SecretCipher cipher = unlock(c, keyPath);
      createSchema(c);
      return new ProviderConfigStore(db, cipher);
    }).onFailure(e -> db.close()));
  }

  public Database database() {
    return db;
  }

  /** The git hosts' tokens, in this store's database, sealed with its key. */
  public GitCredentialStore gitCredentials() {
    return new GitCredentialStore(db, cipher);
  }

  private static SecretCipher unlock(Connection c, Path keyPath) throws SQLException {
    String check = null;
    if (tableExists(c, "meta")) {
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
        ps.setString(1, KEY_CHECK);
        try (ResultSet rs = ps.executeQuery()) {
          check = rs.next() ? rs.getString(1) : null;
        }
      }
    }
    if (check == null) {
      SecretCipher cipher = new SecretCipher(SecretKeyFile.readOrCreate(keyPath));
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
        ps.setString(1, KEY_CHECK);
        ps.setString(2, cipher.encrypt(KEY_CHECK_PLAINTEXT, "meta:" + KEY_CHECK));
        ps.executeUpdate();
      }
      return cipher;
    }
    SecretCipher cipher = new SecretCipher(SecretKeyFile.read(keyPath));
    try {
      cipher.decrypt(check, "meta:" + KEY_CHECK);
    } catch (WrongKeyException e) {
      throw new ConfigException(WorkerVariables.PROVIDER_SECRET_KEY_PATH + ": the key in " + keyPath
          + " does not open the provider store " + c.getMetaData().getURL().replace("jdbc:sqlite:", "")
          + "; expected the key the store was created with (the store was left untouched)");
    }
    return cipher;
  }

  private static void createSchema(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS provider_config (provider_id TEXT PRIMARY KEY, "
          + "auth_method TEXT NOT NULL, updated_at TEXT NOT NULL)");
      s.execute("CREATE TABLE IF NOT EXISTS provider_field (provider_id TEXT NOT NULL, field_key TEXT NOT NULL, "
          + "value TEXT NOT NULL, encrypted INTEGER NOT NULL, PRIMARY KEY (provider_id, field_key))");
      s.execute("CREATE TABLE IF NOT EXISTS git_credential (host TEXT PRIMARY KEY, token TEXT NOT NULL, "
          + "updated_at TEXT NOT NULL)");
    }
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Future<Map<String, StoredProvider>> loadAll() {
    return db.call(c -> {
      Map<String, String> methods = new LinkedHashMap<>();
      Map<String, String> updated = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT provider_id, auth_method, updated_at FROM provider_config")) {
        while (rs.next()) {
          methods.put(rs.getString(1), rs.getString(2));
          updated.put(rs.getString(1), rs.getString(3));
        }
      }
      Map<String, Map<String, String>> values = new HashMap<>();
      Map<String, Set<String>> secrets = new HashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT provider_id, field_key, value, encrypted FROM provider_field")) {
        while (rs.next()) {
          String id = rs.getString(1);
          String key = rs.getString(2);
          boolean encrypted = rs.getInt(4) == 1;
          String value = encrypted ? cipher.decrypt(rs.getString(3), slot(id, key)) : rs.getString(3);
          values.computeIfAbsent(id, k -> new HashMap<>()).put(key, value);
          if (encrypted) {
            secrets.computeIfAbsent(id, k -> new HashSet<>()).add(key);
          }
        }
      }
      Map<String, StoredProvider> result = new LinkedHashMap<>();
      methods.forEach((id, method) -> result.put(id, new StoredProvider(id, method,
          values.getOrDefault(id, Map.of()), secrets.getOrDefault(id, Set.of()), updated.get(id))));
      return result;
    });
  }

  /** Replaces a provider's stored settings in one transaction. */
  public Future<StoredProvider> save(String providerId, String authMethod, Map<String, String> values,
      Set<String> secretKeys) {
    String now = Instant.now().toString();
    return db.transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM provider_field WHERE provider_id = ?")) {
        ps.setString(1, providerId);
        ps.executeUpdate();
      }
      db.checkpoint(STEP_FIELDS_DELETED);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO provider_field (provider_id, field_key, value, encrypted) VALUES (?, ?, ?, ?)")) {
        for (Map.Entry<String, String> e : values.entrySet()) {
          boolean secret = secretKeys.contains(e.getKey());
          ps.setString(1, providerId);
          ps.setString(2, e.getKey());
          ps.setString(3, secret ? cipher.encrypt(e.getValue(), slot(providerId, e.getKey())) : e.getValue());
          ps.setInt(4, secret ? 1 : 0);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO provider_config (provider_id, auth_method, updated_at) "
          + "VALUES (?, ?, ?) ON CONFLICT(provider_id) DO UPDATE SET auth_method = excluded.auth_method, "
          + "updated_at = excluded.updated_at")) {
        ps.setString(1, providerId);
        ps.setString(2, authMethod);
        ps.setString(3, now);
        ps.executeUpdate();
      }
      return new StoredProvider(providerId, authMethod, values, secretKeys, now);
    });
  }

  /** Removes a provider's stored settings; true when there were any. */
  public Future<Boolean> delete(String providerId) {
    return db.transaction(c -> {
      try (PreparedStatement fields = c.prepareStatement("DELETE FROM provider_field WHERE provider_id = ?");
          PreparedStatement row = c.prepareStatement("DELETE FROM provider_config WHERE provider_id = ?")) {
        fields.setString(1, providerId);
        fields.executeUpdate();
        row.setString(1, providerId);
        return row.executeUpdate() > 0;
      }
    });
  }

  private static String slot(String providerId, String key) {
    return "provider:" + providerId + ":" + key;
  }
}
