/**
 * Clients of each provider family, built from its resolved settings: the HTTP chat client for the
 * wire codecs (OpenAI, Anthropic, Azure, Vertex endpoints) and Bedrock Converse through the AWS
 * SDK, with the endpoint shapes each one accepts.
 */
package dev.mergeloom.worker.provider.clients;
