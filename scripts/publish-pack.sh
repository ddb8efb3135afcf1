#!/usr/bin/env bash
# Assembles a self-contained copy of the pack for `pulumi policy publish`, which uploads the pack
# directory alone: policies/ points its main at ../dist, outside it. The copy carries the
# compiled pack and core, PulumiPolicy.yaml, and a package.json with the runtime dependencies.
#
#   bash scripts/publish-pack.sh              # prints the directory; then, in it:
#   pulumi policy publish <org>
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${1:-$ROOT/.cache/publish/cls-guard}"
cd "$ROOT"
[ "${SKIP_BUILD:-}" = 1 ] || npx tsc -p . >/dev/null
rm -rf "$OUT"
mkdir -p "$OUT/dist"
cp -r dist/policies dist/src "$OUT/dist/"
cp policies/PulumiPolicy.yaml "$OUT/"
node -e '
  const root = require("./package.json");
  const keep = ["@pulumi/policy", "@pulumi/pulumi", "ajv", "ipaddr.js", "picomatch"];
  const pack = { name: "cls-guard-policies", version: root.version, description: root.description, license: root.license,
    main: "dist/policies/index.js", dependencies: Object.fromEntries(keep.map((k) => [k, root.dependencies[k]])) };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(pack, null, 2) + "\n");
' "$OUT/package.json"
echo "$OUT"
