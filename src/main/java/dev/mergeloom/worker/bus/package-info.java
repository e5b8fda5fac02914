/** Event-bus addresses and message shapes, declared once for every package that publishes or listens. */
package dev.mergeloom.worker.bus;
