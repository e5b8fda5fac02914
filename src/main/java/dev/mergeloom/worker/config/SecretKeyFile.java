package dev.mergeloom.worker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key file behind {@code JCA_PROVIDER_SECRET_KEY_PATH}: 32 random bytes, base64, mode 0600.
 * Blocking file I/O: call off the event loop.
 */
public final class SecretKeyFile {
  private static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SecretKeyFile() {}

  /** Reads the key; fails with a message naming the variable when it is missing or malformed. */
  public static SecretKey read(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(WorkerVariables.PROVIDER_SECRET_KEY_PATH + ": the key file " + path
          + " is missing, but the provider store already holds secrets encrypted with a key; "
          + "expected the original key file (restore it from backup, or point the variable at it)");
    }
    try {
      byte[] key = Base64.getDecoder().decode(Files.readString(path, StandardCharsets.US_ASCII).trim());
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException("wrong length");
      }
      return new SecretKeySpec(key, "AES");
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(WorkerVariables.PROVIDER_SECRET_KEY_PATH + ": " + path
          + " does not hold a key; expected 32 random bytes in base64 (as the worker writes on first start)");
    }
  }

  /** Reads the key, or creates it with owner-only permissions when the file does not exist. */
  public static SecretKey readOrCreate(Path path) {
    if (Files.exists(path)) {
      return read(path);
    }
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      // Write a private temp file, then move it into place, so a crash never leaves half a key.
      Path temp = Files.createTempFile(path.toAbsolutePath().getParent(), ".key-", ".tmp",
          PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, path);
      }
    } catch (FileAlreadyExistsException e) {
      return read(path); // another process created it first
    } catch (IOException e) {
      throw new ConfigException(WorkerVariables.PROVIDER_SECRET_KEY_PATH + ": cannot create the key file " + path
          + " (" + e.getClass().getSimpleName() + "); expected a writable location");
    }
    return new SecretKeySpec(key, "AES");
  }
}
