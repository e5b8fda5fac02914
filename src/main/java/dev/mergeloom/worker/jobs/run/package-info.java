/**
 * One job end to end ({@code JobRunner}): checkout, setup, the implementation and repair stages,
 * validation, and the workspace's result (diff, commit), ending in one final state.
 */
package dev.mergeloom.worker.jobs.run;
