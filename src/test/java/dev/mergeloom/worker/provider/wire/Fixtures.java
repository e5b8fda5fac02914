package dev.mergeloom.worker.provider.wire;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded provider replies in ../shared/fixtures/provider-replies (see its README). */
public final class Fixtures {
  public static final Path ROOT = Path.of("..", "shared", "fixtures", "provider-replies");

  private Fixtures() {}

  public static String text(String name) {
    try {
      return Files.readString(ROOT.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("fixture " + name + " (is ../shared beside the repository?)", e);
    }
  }

  public static JsonObject json(String name) {
    return new JsonObject(text(name));
  }
}
