package dev.mergeloom.worker.forge;

/** A forge refused or could not be reached; the message is the forge's own words, with no secret. */
public class ForgeFailure extends RuntimeException {
  public ForgeFailure(String message) {
    super(message, null, false, false);
  }
}
