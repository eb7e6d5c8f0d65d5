#!/usr/bin/env bash
# Formats the code base with the repository's .swift-format, then lints it strictly.
#   Scripts/format.sh          format in place, then lint (run it before committing)
#   Scripts/format.sh --check  lint only, changing nothing (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

paths=(Sources Tests Package.swift)
case "${1:-}" in
  "") swift format -i -r -p "${paths[@]}" ;;
  --check) ;;
  *)
    echo "usage: Scripts/format.sh [--check]" >&2
    exit 64
    ;;
esac
swift format lint --strict -r -p "${paths[@]}"
