#!/usr/bin/env bash
# Job benchmark: N = 10, 100, 500 concurrent jobs, each a scripted 10-turn tool session on its own
# small git repository, against a local fake model with a fixed latency (default 200 ms).
# Prints a Markdown table for docs/benchmarks.md.
#
#   bash bench/jobs.sh                 # N = 10 100 500
#   LATENCY_MS=500 bash bench/jobs.sh 50
exec bash "$(dirname "$0")/run-main.sh" dev.mergeloom.worker.bench.JobBench "$@"
