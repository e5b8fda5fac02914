#!/usr/bin/env bash
# Builds the fat jar when a source changed and starts the worker in standalone mode with embedded
# defaults: state under ./data, UI and API on http://127.0.0.1:8010/. Any JCA_* variable set in
# the environment is honoured (see docs/configuration.md). One line per step, so a first run that
# downloads for a minute is not silent.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'start.sh: %s\n' "$*" >&2; }

say "checking for a JDK 17+ and Maven (installed from Debian when missing)…"
bash scripts/ensure-toolchain.sh

# The CLI providers (codex-cli, claude-code-cli) need their CLIs; API providers do not, so a
# machine without Node.js or network still starts.
say "checking the pinned Codex and Claude Code CLIs in .tools/clis…"
if ! bash scripts/ensure-clis.sh; then
  say "the CLIs could not be installed: the CLI providers will say so on their cards; API providers work"
fi

jar="$(ls target/mergeloom-worker-*-fat.jar 2>/dev/null | head -n 1 || true)"
if [ -n "$jar" ] && [ -z "$(find pom.xml src/main conf webroot -type f -newer "$jar" -print -quit)" ]; then
  say "the jar is newer than every source file: not rebuilding"
else
  say "building the worker (first run downloads dependencies, about a minute)…"
  # Maven's own output goes to a log, shown only when the build fails.
  log="$(mktemp)"
  if ! mvn -B -DskipTests package >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    say "the build failed; the whole log is $log"
    exit 1
  fi
  rm -f "$log"
  jar="$(ls target/mergeloom-worker-*-fat.jar | head -n 1)"
fi

say "starting $jar"
# mergeloom.launcher makes the worker end its start-up with the address to open and how to stop.
exec java ${JAVA_OPTS:-} -Dmergeloom.launcher=start.sh -jar "$jar"
