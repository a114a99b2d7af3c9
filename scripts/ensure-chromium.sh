#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser build), or the browser that
# CHROMIUM names (Google Chrome on GitHub's runners, where Ubuntu's chromium is a snap stub).
# Install what is missing when we may (root with apt-get): the fonts, and Debian's Chromium only if
# there is no browser. Otherwise say how.
set -euo pipefail
chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
packages=()
[ -x "$chromium_bin" ] || packages+=(chromium)
fc-list 2>/dev/null | grep -qi "liberation\|dejavu" || packages+=(fonts-liberation fonts-dejavu-core)
if [ ${#packages[@]} = 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing from the distribution's packages (apt-get install ${packages[*]})..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at $chromium_bin and the Liberation or DejaVu fonts; missing: ${packages[*]}. Install them with:" >&2
echo "    sudo apt-get install ${packages[*]}" >&2
echo "or set CHROMIUM=/path/to/chromium." >&2
exit 1
