package dev.mergeloom.worker.provider.wire;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The recorded provider replies under src/test/resources/provider-replies (their provenance is in
 * that folder's README). Read from the test classpath, so nothing outside the repository is needed.
 */
public final class Fixtures {
  public static final String ROOT = "provider-replies/";

  private Fixtures() {}

  /** The fixture's text; a missing one throws at once with its name, never a null body. */
  public static String text(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing fixture src/test/resources/" + ROOT + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("fixture src/test/resources/" + ROOT + name, e);
    }
  }

  public static JsonObject json(String name) {
    return new JsonObject(text(name));
  }
}
