/**
 * Gateway and executors: the cluster API under {@code /cluster/v1} (bearer cluster token), the
 * gateway's view of its executors, and the executor's follower of the gateway's config.
 */
package dev.mergeloom.worker.cluster;
