/**
 * Where a job works: its git processes (hardened against workspace-controlled config), the
 * in-process clone of local repositories, path confinement, commands with the allowlist and
 * capped output, context repositories, the job's egress proxy, and the retention janitor.
 */
package dev.mergeloom.worker.jobs.workspace;
