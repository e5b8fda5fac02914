#!/usr/bin/env bash
# Builds the fat jar and starts the worker in standalone mode with embedded defaults:
# state under ./data, UI and API on http://127.0.0.1:8010/. Any JCA_* variable set in the
# environment is honoured (see docs/configuration.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
mvn -B -q -DskipTests package
exec java ${JAVA_OPTS:-} -jar target/mergeloom-worker-*-fat.jar
