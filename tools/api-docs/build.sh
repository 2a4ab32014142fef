#!/usr/bin/env bash
# Builds the API reference of the five packages from their XML docs with docfx (pinned in
# .config/dotnet-tools.json) into out/api-docs/, a static site: open out/api-docs/index.html or serve the
# folder (`dotnet docfx serve out/api-docs`). docfx works in out/api-docs-src/ (a copy of this folder's
# docfx.json, index.md and toc.yml, and the API's YAML), so nothing is written outside out/.
# Usage: tools/api-docs/build.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
rm -rf out/api-docs out/api-docs-src
mkdir -p out/api-docs-src
cp tools/api-docs/docfx.json tools/api-docs/index.md tools/api-docs/toc.yml out/api-docs-src/
dotnet docfx out/api-docs-src/docfx.json --warningsAsErrors
echo "API reference: $root/out/api-docs/index.html"
