#!/usr/bin/env bash
# Installs what the tests need when it is missing, then runs the whole suite with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
exec mvn -B verify "$@"
