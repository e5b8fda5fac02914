package dev.mergeloom.worker.provider;

import java.util.List;

/**
 * One model request.
 *
 * @param forcedTool the tool the model must call (the self-test), or null to let it choose
 */
public record ChatRequest(String model, String system, List<Message> messages, List<ToolSpec> tools,
    String forcedTool, int maxTokens) {}
