/**
 * The Codex and Claude Code CLIs as the worker manages them: where they and their config
 * directories are, login sessions as processes the worker owns, status checks, and the CLI
 * self-test judged from the CLI's own event stream.
 */
package dev.mergeloom.worker.cli;
