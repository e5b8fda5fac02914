package dev.mergeloom.worker.provider;

import io.vertx.core.json.JsonObject;

/** A tool offered to the model: name, description and JSON-schema parameters. */
public record ToolSpec(String name, String description, JsonObject parameters) {}
