package dev.mergeloom.worker.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The fake codex and claude scripts of src/test/resources/fake-cli, installed where a test wants them. */
public final class FakeClis {
  private FakeClis() {}

  public static Path install(Path bin, String name) throws java.io.IOException {
    Files.createDirectories(bin);
    Path target = bin.resolve(name);
    try (InputStream in = FakeClis.class.getResourceAsStream("/fake-cli/" + name)) {
      Files.copy(in, target);
    }
    if (!target.toFile().setExecutable(true)) {
      throw new java.io.IOException("cannot make " + target + " executable");
    }
    return target;
  }
}
