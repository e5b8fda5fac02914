/**
 * Authentication of provider requests: static API keys and headers, and the token-based modes
 * (Vertex AI through google-auth-library, Azure through azure-identity), whose blocking refreshes
 * run on worker threads and are cached until near expiry. Bedrock signs through the AWS SDK.
 */
package dev.mergeloom.worker.credentials;
