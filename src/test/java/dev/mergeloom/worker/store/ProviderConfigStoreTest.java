package dev.mergeloom.worker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mergeloom.worker.config.ConfigException;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets at rest, the key file, and atomic writes. */
class ProviderConfigStoreTest {
  private static final String SECRET = "sk-canary-at-rest-0123456789";
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private Path db() {
    return dir.resolve("provider-config.db");
  }

  private Path key() {
    return dir.resolve("provider-secret.key");
  }

  private ProviderConfigStore open() {
    return ProviderConfigStore.open(vertx, db(), key()).await();
  }

  private void saveSecret(ProviderConfigStore store, String value) {
    store.save("codex-api", "api_key", Map.of("apiKey", value, "model", "gpt-5-codex"), Set.of("apiKey")).await();
  }

  @Test
  void secretIsEncryptedOnDiskAndReadBack() throws Exception {
    ProviderConfigStore store = open();
    saveSecret(store, SECRET);
    store.database().close().await();

    byte[] raw = Files.readAllBytes(db());
    assertThat(new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).contains("gpt-5-codex");

    StoredProvider back = open().loadAll().await().get("codex-api");
    assertThat(back.values()).containsEntry("apiKey", SECRET).containsEntry("model", "gpt-5-codex");
    assertThat(back.secretKeys()).containsExactly("apiKey");
    assertThat(back.toString()).doesNotContain(SECRET);
  }

  @Test
  void keyFileIsCreatedOwnerOnly() throws Exception {
    open();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key()))).isEqualTo("rw-------");
    assertThat(java.util.Base64.getDecoder().decode(Files.readString(key()).trim())).hasSize(32);
  }

  @Test
  void wrongKeyFailsLoudlyAndLeavesTheStoreUntouched() throws Exception {
    ProviderConfigStore store = open();
    saveSecret(store, SECRET);
    store.database().close().await();
    String before = sha256(db());
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    Files.writeString(key(), java.util.Base64.getEncoder().encodeToString(otherKey));

    assertThatThrownBy(this::open)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("JCA_PROVIDER_SECRET_KEY_PATH")
        .hasMessageContaining("does not open the provider store")
        .hasMessageContaining("left untouched");
    assertThat(sha256(db())).isEqualTo(before);
  }

  @Test
  void missingKeyWithExistingSecretsIsAnErrorAndNoNewKeyIsMade() throws Exception {
    ProviderConfigStore store = open();
    saveSecret(store, SECRET);
    store.database().close().await();
    Files.delete(key());

    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class).hasMessageContaining("is missing");
    assertThat(key()).doesNotExist();
  }

  @Test
  void malformedKeyFileIsAnError() throws Exception {
    Files.writeString(key(), "not base64 !!");
    assertThatThrownBy(this::open).isInstanceOf(ConfigException.class).hasMessageContaining("does not hold a key");
  }

  @Test
  void writeThatFailsMidwayKeepsThePreviousConfig() throws Exception {
    ProviderConfigStore store = open();
    saveSecret(store, SECRET);
    store.database().failAt(ProviderConfigStore.STEP_FIELDS_DELETED, new IllegalStateException("disk gone"));

    assertThatThrownBy(() -> store.save("codex-api", "api_key", Map.of("apiKey", "sk-new-value-000000", "model", "other"),
        Set.of("apiKey")).await()).hasMessageContaining("disk gone");

    StoredProvider kept = store.loadAll().await().get("codex-api");
    assertThat(kept.values()).containsEntry("apiKey", SECRET).containsEntry("model", "gpt-5-codex");
  }

  @Test
  void deleteRemovesOnlyThatProvider() {
    ProviderConfigStore store = open();
    saveSecret(store, SECRET);
    store.save("claude-api", "api_key", Map.of("model", "claude"), Set.of()).await();
    assertThat(store.delete("codex-api").await()).isTrue();
    assertThat(store.delete("codex-api").await()).isFalse();
    assertThat(store.loadAll().await()).containsOnlyKeys("claude-api");
  }

  @Test
  void runtimeWriteThatFailsMidwayKeepsThePreviousValues() {
    RuntimeConfigStore store = RuntimeConfigStore.open(vertx, dir.resolve("runtime.db")).await();
    store.replace(Map.of("maxRepairAttempts", "3")).await();
    store.database().failAt(RuntimeConfigStore.STEP_ROWS_DELETED, new IllegalStateException("crash"));
    assertThatThrownBy(() -> store.replace(Map.of("maxRepairAttempts", "5")).await()).hasMessageContaining("crash");
    assertThat(store.load().await()).containsExactly(Map.entry("maxRepairAttempts", "3"));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
