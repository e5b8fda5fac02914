#!/usr/bin/env bash
# Installs the pinned Codex and Claude Code CLIs from npm into .tools/clis (ignored by git), where
# the worker looks for them after PATH, installing Node.js and npm from Debian first when missing.
# Pinned: their login output changes between versions, and the tests drive these exact versions.
set -euo pipefail

CODEX_VERSION=0.169.0
CLAUDE_VERSION=2.1.197
prefix="$(cd "$(dirname "$0")/.." && pwd)/.tools/clis"
bin="$prefix/node_modules/.bin"

if ! command -v npm >/dev/null 2>&1; then
  echo "Installing: nodejs npm" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi

if ! "$bin/codex" --version 2>/dev/null | grep -qx "codex-cli $CODEX_VERSION" \
  || ! "$bin/claude" --version 2>/dev/null | grep -q "^$CLAUDE_VERSION "; then
  echo "Installing @openai/codex@$CODEX_VERSION and @anthropic-ai/claude-code@$CLAUDE_VERSION into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
    "@openai/codex@$CODEX_VERSION" "@anthropic-ai/claude-code@$CLAUDE_VERSION" >&2
fi
