/**
 * The provider-neutral model call: a request (messages and tools), a reply (text, tool calls,
 * usage), the error model of every provider's failures, and the HTTP transport and outbound
 * settings (proxies, CA bundles) that every wire shares.
 */
package dev.mergeloom.worker.provider;
