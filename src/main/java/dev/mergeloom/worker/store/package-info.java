/**
 * The embedded store: SQLite files under the data directory, reached only from one worker thread
 * per file. Provider settings (secrets sealed with AES-GCM) and runtime settings live here; every
 * write is one transaction, so a failed write leaves the previous config intact.
 */
package dev.mergeloom.worker.store;
