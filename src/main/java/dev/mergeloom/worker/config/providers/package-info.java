/** The provider catalog (contract §2.3): ids, auth methods, fields and their checks. */
package dev.mergeloom.worker.config.providers;
