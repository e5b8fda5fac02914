#!/usr/bin/env bash
# Installs what the tests need when it is missing (JDK, Maven, Chromium and its driver),
# then runs the whole suite with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
bash scripts/ensure-test-tools.sh
exec mvn -B verify "$@"
