/**
 * Coding jobs: the envelope and its directives, provider and model selection, the queue, the
 * workspace (git), the tool loop, validation and repair, the record and its live events.
 */
package dev.mergeloom.worker.jobs;
