#!/usr/bin/env bash
# Runs specs/sql/ on Spark in local mode (PySpark from PyPI; Java 17 must be installed) and
# checks the cubes and `analyze --cube` figures against meterbook, as CI does with DuckDB.
# Usage: Scripts/spark-cube.sh [--customers N --days N]   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
java -version >/dev/null 2>&1 || { echo "spark-cube: Java is not installed (apt-get install openjdk-17-jre-headless)" >&2; exit 2; }
venv="${TMPDIR:-/tmp}/meterbook-spark-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check pyspark
exec "$venv/bin/python" Scripts/cube_sql.py --engine spark "$@"
