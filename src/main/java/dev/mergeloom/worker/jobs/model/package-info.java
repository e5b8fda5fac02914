/**
 * What a job is, as values: the envelope and its directives, provider and model selection, the
 * record with its guarded state transitions, a reader's copy, the event stream, the closed
 * failure reasons and the price table. No I/O here.
 */
package dev.mergeloom.worker.jobs.model;
