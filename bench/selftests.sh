#!/usr/bin/env bash
# Self-test benchmark: N = 1, 100, 1000 concurrent self-tests against a local fake provider that
# answers after a fixed latency (default 200 ms). Prints a Markdown table for docs/benchmarks.md.
#
#   bash bench/selftests.sh                 # N = 1 100 1000
#   LATENCY_MS=500 bash bench/selftests.sh 10 500
exec bash "$(dirname "$0")/run-main.sh" dev.mergeloom.worker.bench.SelfTestBench "$@"
