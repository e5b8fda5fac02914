/** Log output: text or JSON lines, both passed through the secret redactor. */
package dev.mergeloom.worker.logging;
