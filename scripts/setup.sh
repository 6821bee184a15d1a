#!/usr/bin/env bash
# Everything a fresh machine needs before `npm test`: the npm dependencies and the system services the
# browser (and later store) tests use. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -x /usr/bin/virtuoso-t ] || need_apt+=(virtuoso-opensource-7-bin)
# Chinese glyphs for the pages Chromium renders (without them CJK text shows as empty boxes).
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || need_apt+=(fonts-wqy-zenhei)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${need_apt[*]} from Debian (for the browser and remote-store tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: ${need_apt[*]} missing and cannot be installed here (needs root and apt-get);" \
      "the tests that need them will say they were skipped"
  fi
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
