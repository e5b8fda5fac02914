/**
 * Child processes owned by the worker: argv only (never a shell string), an explicit environment,
 * output streamed line by line without blocking an event loop, time limits, graceful stop then
 * kill of the whole tree, and a registry so shutdown leaves nothing behind.
 */
package dev.mergeloom.worker.process;
