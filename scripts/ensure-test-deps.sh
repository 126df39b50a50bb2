#!/usr/bin/env bash
# What the tests need from Debian, installed when missing (root): Chromium for the browser tests (playwright cannot
# download browsers here), poppler-utils (pdftotext, pdfinfo, pdftoppm) to read the printed report back, and a
# Chinese font for the report's PDF.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# a font with Chinese glyphs, for the source titles the printed report quotes in Chinese (else they print as boxes)
{ command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing for the tests: ${missing[*]}. Install with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages for the tests: ${missing[*]}..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${missing[@]}" >&2
