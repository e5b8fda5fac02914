#!/usr/bin/env bash
# Installs what building needs when it is missing: a JDK 17+ and Maven (Debian packages).
set -euo pipefail

need_install=()
if ! command -v java >/dev/null 2>&1 || ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
  need_install+=(openjdk-17-jdk-headless)
fi
command -v mvn >/dev/null 2>&1 || need_install+=(maven)

if [ ${#need_install[@]} -gt 0 ]; then
  echo "Installing: ${need_install[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_install[@]}"
fi
