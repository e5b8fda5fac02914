/**
 * Coding jobs as the worker holds them: {@code Jobs} (the client the HTTP verticles use: intake
 * checks on the caller's loop, then requests), {@code JobsVerticle} (the owner of the records, the
 * queue, live streams and the state machine), admission, and the gateway's dispatch to executors
 * with the executor's claimer. What one job does is in {@code jobs.run}; its parts in
 * {@code jobs.model}, {@code jobs.loop} and {@code jobs.workspace}.
 */
package dev.mergeloom.worker.jobs;
