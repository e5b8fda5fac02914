#!/usr/bin/env bash
# Start-up benchmark of the fat jar: time from launch to the first 200 on /healthz, and the
# resident memory (RSS) once idle. Runs RUNS times (default 5) with a fresh data directory each
# time and prints every run and the medians. Not a test: it only measures.
#
#   bash bench/startup.sh            # builds the jar if missing
#   RUNS=9 PORT=18010 bash bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
PORT=${PORT:-18010}
IDLE_SECONDS=${IDLE_SECONDS:-5}

jar=$(ls target/mergeloom-worker-*-fat.jar 2>/dev/null | head -n1 || true)
if [ -z "$jar" ]; then
  bash scripts/ensure-toolchain.sh
  mvn -B -q -DskipTests package
  jar=$(ls target/mergeloom-worker-*-fat.jar | head -n1)
fi
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
starts=(); rss=()
for i in $(seq 1 "$RUNS"); do
  data="$work/data-$i"
  t0=$(date +%s%N)
  JCA_WORKER_DATA_DIR="$data" JCA_WORKER_PORT="$PORT" java ${JAVA_OPTS:-} -jar "$jar" >"$work/log-$i" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)" = "200" ]; do
    kill -0 "$pid" 2>/dev/null || { echo "worker exited; log:" >&2; cat "$work/log-$i" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  sleep "$IDLE_SECONDS"
  kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(( (t1 - t0) / 1000000 ))
  starts+=("$ms"); rss+=("$kb")
  printf 'run %d: first 200 on /healthz after %d ms, idle RSS %d MiB\n' "$i" "$ms" "$((kb / 1024))"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
printf 'median of %d: start %d ms, idle RSS %d MiB (java %s, %d cores)\n' "$RUNS" "$(median "${starts[@]}")" \
  "$(( $(median "${rss[@]}") / 1024 ))" "$(java -version 2>&1 | head -n1 | cut -d'"' -f2)" "$(nproc)"
