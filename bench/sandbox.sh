#!/usr/bin/env bash
# The sandbox's cost per command: p50/p90 of `git status` and `python3 -c pass`, started
# directly, in the worker's bubblewrap argv and (where cgroups can be made here) in bubblewrap in
# a command cgroup, alternating (default 50 runs of each).
#
#   bash bench/sandbox.sh [runs]
exec bash "$(dirname "$0")/run-main.sh" dev.mergeloom.worker.bench.SandboxBench "$@"
