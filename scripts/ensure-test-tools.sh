#!/usr/bin/env bash
# Installs what the tests need beyond the build toolchain, when missing: Debian's Chromium and
# ChromeDriver for the browser tests, bubblewrap and socat (the job sandbox and its network bridge), docker-compose (its `config` validates compose.yaml; no
# engine needed), Node.js, the pinned CLIs, and the schema validators for the chart and compose.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
# The sandbox of job processes; the tests run real jobs in it.
[ -x /usr/bin/bwrap ] || missing+=(bubblewrap)
# The sandbox's bridge to the job's egress proxy.
[ -x /usr/bin/socat ] || missing+=(socat)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # --no-install-recommends: docker-compose would otherwise pull a whole Docker engine.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The pinned Codex and Claude Code CLIs, for the tests that drive the real CLIs.
bash "$(dirname "$0")/ensure-clis.sh"

# Schema validators (kubernetes-models, compose-spec) at the versions src/test/validators pins;
# reinstalled when that package.json changes.
validators="$(cd "$(dirname "$0")/.." && pwd)/.tools/validators"
wanted="$(cd "$(dirname "$0")/.." && pwd)/src/test/validators/package.json"
if ! cmp -s "$wanted" "$validators/package.json" || [ ! -d "$validators/node_modules/kubernetes-models" ]; then
  echo "Installing the chart and compose validators into $validators" >&2
  mkdir -p "$validators"
  cp "$wanted" "$validators/package.json"
  npm install --prefix "$validators" --no-audit --no-fund --loglevel=error >&2
fi
