#!/usr/bin/env bash
# Builds the Pulumi CLI from Pulumi's published Go modules (no binary download is possible here)
# into .cache/pulumi-cli/v<version>/, with the analyzer shim that runs Node.js policy packs.
# A no-op when that version is already built. Exit 0: built; 3: Go is not installed.
#
#   bash scripts/pulumi-cli.sh            # prints the pulumi binary's path on its last line
#   PULUMI_CLI_VERSION=3.250.0 bash scripts/pulumi-cli.sh
set -euo pipefail
# 3.250.0: the first version the module proxy serves with `pulumi policy analyze --file`.
VERSION="${PULUMI_CLI_VERSION:-3.250.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.cache/pulumi-cli/v$VERSION"
BIN="$DEST/bin/pulumi"
SHIM="$DEST/plugins/analyzer-policy-nodejs-v0.0.1/pulumi-analyzer-policy-nodejs"

if [ -x "$BIN" ] && [ -x "$SHIM" ] && [ "$("$BIN" version 2>/dev/null)" = "v$VERSION" ]; then
  echo "pulumi-cli: v$VERSION already built"
  echo "$BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "pulumi-cli: Go is not installed, so the Pulumi CLI cannot be built; install Go (1.25+) and run bash scripts/pulumi-cli.sh" >&2
  exit 3
fi

mkdir -p "$DEST/build" "$DEST/bin" "$(dirname "$SHIM")"
cd "$DEST/build"
# `go install pkg@version` refuses modules whose go.mod has replace directives, and pkg/v3 has two:
# ../sdk (met here by requiring sdk/v3 at the same version) and a clipboard fork, repeated below.
cat > go.mod <<GOMOD
module cls-guard.local/pulumi-cli-build

go 1.25.11

require github.com/pulumi/pulumi/sdk/v3 v$VERSION

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
rm -f go.sum
echo "pulumi-cli: fetching github.com/pulumi/pulumi/pkg/v3@v$VERSION from the Go module proxy"
go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION"
echo "pulumi-cli: building (a few minutes on 2 cores)"
go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION" -o "$BIN.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
mv "$BIN.tmp" "$BIN"

# The module proxy refuses pulumi-language-nodejs, so the CLI cannot start Node.js packs through
# it. For a nodejs pack it then asks for this analyzer plugin, which - like the shim Pulumi once
# shipped in @pulumi/pulumi - runs the pack's own run-policy-pack (cwd is the pack directory).
cat > "$SHIM" <<'SH'
#!/bin/sh
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))") || exit 1
exec node "$script" "$@"
SH
chmod +x "$SHIM"
"$BIN" version
echo "$BIN"
