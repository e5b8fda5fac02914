/**
 * The HTTP surface: security filters, the JSON API, health and metrics. Handlers are short and
 * call the services; every JSON answer goes through {@link dev.mergeloom.worker.web.Responses}.
 */
package dev.mergeloom.worker.web;
