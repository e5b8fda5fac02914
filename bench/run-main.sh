#!/usr/bin/env bash
# Shared by the benchmark scripts: builds the test classes and runs one benchmark main class
# with the fake latency from LATENCY_MS (default 200) and any JAVA_OPTS.
#   bash bench/run-main.sh dev.mergeloom.worker.bench.JobBench 10 100
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
main="$1"
shift
exec java -Xms256m ${JAVA_OPTS:-} -DlatencyMs="${LATENCY_MS:-200}" \
  -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  "$main" "$@"
