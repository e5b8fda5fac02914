/**
 * Wire formats: one codec per API (Chat Completions, Responses, Anthropic Messages, Gemini
 * generateContent) turning the neutral request into the exact JSON the service accepts and its
 * answer back into a reply, tool calls and usage included.
 */
package dev.mergeloom.worker.provider.wire;
