package dev.mergeloom.worker.config.providers;

/** One auth method of a provider: the value stored and accepted by the API, and its label. */
public record AuthMethod(String id, String label) {}
