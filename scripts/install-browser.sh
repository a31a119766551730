#!/usr/bin/env bash
# The browser the explorer's tests drive (test/explorer/): Debian's chromium, through apt. Run by
# .ci/run before the tests; nothing to do when it is already there. Needs root (or sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "No /usr/bin/chromium and no apt-get: install Chromium at /usr/bin/chromium by this system's own means." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing chromium (Debian package) for the explorer's browser tests…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
/usr/bin/chromium --version
