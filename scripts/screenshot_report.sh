#!/usr/bin/env bash
# A picture of a report page as a reviewer's browser draws it: headless Chromium renders
# <report.html> into a PNG (default: beside it, report.png). Installs Chromium from Debian's
# archive when it is missing.
#   scripts/screenshot_report.sh results/<run>/report.html [out.png] [width,height]
set -euo pipefail
html=${1:?usage: scripts/screenshot_report.sh REPORT.html [OUT.png] [WIDTH,HEIGHT]}
png=${2:-${html%.html}.png}
size=${3:-1200,3000}
[ -f "$html" ] || { echo "screenshot_report: no file $html" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  echo "screenshot_report: installing chromium" >&2
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
  browser=$(command -v chromium)
fi
# --no-sandbox: Chromium refuses to run its sandbox as root (CI containers); the page is our own.
# A private profile folder, so a browser the user has open is neither used nor disturbed.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="$size" --screenshot="$(realpath -m "$png")" "file://$(realpath "$html")" 2>/dev/null
[ -s "$png" ] || { echo "screenshot_report: chromium wrote no $png" >&2; exit 1; }
echo "$png"
