#!/usr/bin/env bash
# Browser tests need Debian's Chromium (playwright cannot download browsers here). Install it when missing.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium is missing at $CHROMIUM. Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "installing Debian's chromium for the browser tests..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq chromium >&2
