/**
 * Settings and where they come from: the deployment sources (environment, {@code NAME_FILE},
 * secrets directory, Kubernetes ConfigMap, conf/ defaults), the typed worker settings, the one
 * precedence rule between deployment and UI values ({@link dev.mergeloom.worker.config.ProviderResolver}),
 * and the secret cipher.
 */
package dev.mergeloom.worker.config;
