#!/usr/bin/env bash
# Job benchmark: N = 10, 100, 500 concurrent jobs, each a scripted 10-turn tool session on its own
# small git repository, against a local fake model with a fixed latency (default 200 ms).
# Prints a Markdown table for docs/benchmarks.md: first 500 jobs on a cold worker, then (after
# 3000 unmeasured jobs, so the JIT compiler has settled) a row for each N. About five minutes.
#
#   bash bench/jobs.sh                                  # N = 10 100 500
#   LATENCY_MS=500 bash bench/jobs.sh 50
#   JAVA_OPTS=-DwarmUpJobs=0 bash bench/jobs.sh 500     # no warm-up
#   JAVA_OPTS=-Dcommands=true bash bench/jobs.sh 500    # 4 of the 9 tool turns run python3 -c pass in the sandbox
#   JAVA_OPTS="-Dcommands=true -Dsandbox=off" bash bench/jobs.sh 500   # the same, unsandboxed
#   JAVA_OPTS="-Dcommands=true -Dcgroups=off" bash bench/jobs.sh 500   # sandboxed, no cgroup per command
exec bash "$(dirname "$0")/run-main.sh" dev.mergeloom.worker.bench.JobBench "$@"
