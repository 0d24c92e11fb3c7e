#!/usr/bin/env bash
# Runs before `npm test`: the Debian packages the tests need that npm cannot install.
# Java 17 runs DynamoDB Local; Chromium drives the browser tests (playwright-core never downloads one).
set -euo pipefail
missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[pretest] installing ${missing[*]} (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "[pretest] missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}) or set CHROMIUM_PATH." >&2
  exit 1
fi
