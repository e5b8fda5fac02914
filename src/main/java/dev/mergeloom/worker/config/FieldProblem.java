package dev.mergeloom.worker.config;

/** One rejected input: the field path (e.g. {@code fields.baseUrl}) and what is expected. */
public record FieldProblem(String field, String message) {}
