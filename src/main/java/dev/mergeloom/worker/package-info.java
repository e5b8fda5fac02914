/** Start-up and composition: {@link dev.mergeloom.worker.Main} reads the environment, {@link dev.mergeloom.worker.Worker} wires the rest. */
package dev.mergeloom.worker;
