#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser build).
# Install it when it is missing and we may (root with apt-get); otherwise say how.
set -euo pipefail
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium_bin" ] && fc-list 2>/dev/null | grep -qi "liberation\|dejavu"; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium and fonts from Debian (apt-get install chromium fonts-liberation fonts-dejavu-core)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium_bin. Install it with:" >&2
echo "    sudo apt-get install chromium fonts-liberation fonts-dejavu-core" >&2
echo "or set CHROMIUM=/path/to/chromium." >&2
exit 1
