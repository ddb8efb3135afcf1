#!/usr/bin/env bash
# Fills npm's cache with everything the tests then install offline: the packed cls-guard beside
# each peer set of test/consumer/peers.json (the consumer test), and alone, its peers as npm picks
# them (the GitHub Action's install). Needs the registry; .ci/run runs it after `npm ci`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
tarball="$TMP/$(npm pack --silent --pack-destination "$TMP")"
{
  echo ""
  node -e 'const p = require(process.argv[1]); for (const [k, v] of Object.entries(p)) if (k !== "//") console.log(v.join(" "))' "$ROOT/test/consumer/peers.json"
} |
  while read -ra specs; do
    dir="$(mktemp -d -p "$TMP")"
    echo '{"name":"consumer-cache","version":"1.0.0","private":true}' >"$dir/package.json"
    (cd "$dir" && npm install --prefer-offline --no-audit --no-fund --loglevel=error "$tarball" "${specs[@]}")
  done
echo "npm cache ready for the consumer and action tests"
