/** The forced-function-call self-test of API providers, its stored results, and readiness. */
package dev.mergeloom.worker.selftest;
