#!/usr/bin/env bash
# Job benchmark: N = 10, 100, 500 concurrent jobs, each a scripted 10-turn tool session on its own
# small git repository, against a local fake model with a fixed latency (default 200 ms).
# Prints a Markdown table for docs/benchmarks.md.
#
#   bash bench/jobs.sh                 # N = 10 100 500
#   LATENCY_MS=500 bash bench/jobs.sh 50
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-toolchain.sh
mvn -B -q -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xms256m ${JAVA_OPTS:-} -DlatencyMs="${LATENCY_MS:-200}" \
  -Dvertx.logger-delegate-factory-class-name=io.vertx.core.logging.SLF4JLogDelegateFactory \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  dev.mergeloom.worker.bench.JobBench "$@"
