#!/usr/bin/env bash
# Writes .env for compose.yaml from .env.example with fresh random UI and cluster tokens.
# Leaves an existing .env alone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -e .env ]; then
  echo ".env exists; not touching it" >&2
  exit 0
fi
token() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
sed -e "s/^JCA_WORKER_UI_TOKEN=$/JCA_WORKER_UI_TOKEN=$(token)/" \
    -e "s/^JCA_WORKER_CLUSTER_TOKEN=$/JCA_WORKER_CLUSTER_TOKEN=$(token)/" .env.example > .env
chmod 600 .env
echo "wrote .env; open http://127.0.0.1:8010/?token=$(sed -n 's/^JCA_WORKER_UI_TOKEN=//p' .env) after docker compose up" >&2
