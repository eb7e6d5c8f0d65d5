#!/usr/bin/env bash
# Checks every ```mermaid block in the given markdown files with Mermaid's real parser.
#
# Usage: Scripts/check-mermaid.sh FILE.md...
#   e.g. meterbook report pricing workbooks/pricing-whatif.yaml --format markdown > /tmp/p.md
#        Scripts/check-mermaid.sh /tmp/p.md
# Prints each block Mermaid rejects with its file, line and error, then
# "N passed, N failed"; exits non-zero when any block fails. Not part of .ci/run.
#
# What it installs, into a temp dir (MERMAID_CHECK_DIR, default /tmp/meterbook-mermaid-check,
# kept between runs): Mermaid's browser bundle (dist/mermaid.min.js, 11.16.0) and jsdom for
# Node to run it in. With npm's registry reachable it runs `npm install mermaid jsdom` there;
# otherwise (this project's machines reach only Debian and PyPI) it takes the same
# mermaid.min.js from the PyPI wheel artoo-mermaid (checked against its sha256) and jsdom
# from Debian's node-jsdom. Needs node (>= 18).
set -euo pipefail

if [ $# -eq 0 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
dir="${MERMAID_CHECK_DIR:-/tmp/meterbook-mermaid-check}"
version=11.16.0
sha=74d7c46dabca328c2294733910a8aa1ed0c37451776e8d5295da38a2b758fb9b
mkdir -p "$dir"

bundle="$dir/node_modules/mermaid/dist/mermaid.min.js"
jsdom="$dir/node_modules"
if [ ! -f "$bundle" ] || [ ! -d "$jsdom/jsdom" ]; then
  (cd "$dir" && [ -f package.json ] || npm init -y >/dev/null 2>&1) || true
  (cd "$dir" && timeout 300 npm install --no-audit --no-fund --fetch-retries=0 "mermaid@$version" jsdom >/dev/null 2>&1) || true
fi
if [ ! -f "$bundle" ] || [ ! -d "$jsdom/jsdom" ]; then
  bundle="$dir/artoo_mermaid/assets/mermaid.min.js"
  if [ ! -f "$bundle" ]; then
    python3 -m pip download --quiet --no-deps --ignore-requires-python \
      "artoo-mermaid==$version" -d "$dir/wheel"
    python3 -m zipfile -e "$dir"/wheel/artoo_mermaid-*.whl "$dir"
  fi
  echo "$sha  $bundle" | sha256sum --check --quiet
  if [ ! -d /usr/share/nodejs/jsdom ]; then
    apt-get install -y node-jsdom >/dev/null || { apt-get update >/dev/null && apt-get install -y node-jsdom >/dev/null; }
  fi
  jsdom=/usr/share/nodejs
  export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
fi
exec node "$here/check-mermaid.mjs" "$bundle" "$jsdom" "$@"
