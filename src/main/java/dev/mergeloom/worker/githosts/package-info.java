/**
 * Tokens for git hosts, stored once by the operator (UI, API, or {@code JCA_GIT_CREDENTIALS}) and
 * used for a job's clone, push and review request when its envelope carries no token.
 */
package dev.mergeloom.worker.githosts;
