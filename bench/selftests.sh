#!/usr/bin/env bash
# Self-test benchmark: N = 1, 100, 1000 concurrent self-tests against a local fake provider that
# answers after a fixed latency (default 200 ms). Prints a Markdown table for docs/benchmarks.md.
#
#   bash bench/selftests.sh                 # N = 1 100 1000
#   LATENCY_MS=500 bash bench/selftests.sh 10 500
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xms256m ${JAVA_OPTS:-} -DlatencyMs="${LATENCY_MS:-200}" \
  -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.mergeloom.worker.bench.SelfTestBench "$@"
