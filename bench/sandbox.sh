#!/usr/bin/env bash
# The sandbox's cost per command: p50/p90 of `git status` and `python3 -c pass`, started
# directly and in the worker's bubblewrap argv, alternating (default 50 runs of each).
#
#   bash bench/sandbox.sh [runs]
exec bash "$(dirname "$0")/run-main.sh" dev.mergeloom.worker.bench.SandboxBench "$@"
