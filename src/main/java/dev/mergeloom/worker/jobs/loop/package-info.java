/**
 * One agentic stage behind one {@code ModelSession}: the worker's tool loop against an API
 * provider ({@code ToolLoop} with {@code JobTools}) or a CLI that is its own loop
 * ({@code CliSession} in its sandbox), with the prompts they are given.
 */
package dev.mergeloom.worker.jobs.loop;
