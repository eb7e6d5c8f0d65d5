#!/usr/bin/env python3
"""Runs the shipped cube SQL (specs/sql/) on DuckDB or Spark and checks it against meterbook.

1. `meterbook simulate` writes one run as calls, as its own usage cube and as FOCUS 1.2.
2. The engine runs specs/sql/cube-from-calls.sql over the calls and cube-from-focus.sql over
   the FOCUS rows.
3. Checks, each exact (integers and decimal money, no floating point):
   - the SQL cube equals meterbook's cube export row for row;
   - the FOCUS cube equals meterbook's cube summed to day x customer x model;
   - `meterbook analyze --cube` on the SQL cube prints the same figures as `meterbook analyze`
     on the calls, for every figure a cube supports (costs, calls, tokens, breakdowns by
     provider, model, customer, task type, feature, the forecast).
Exits 1 on any difference, naming it. Usage:
  cube_sql.py --engine duckdb|spark --meterbook .build/debug/meterbook [--customers N --days N]
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SQL = os.path.join(ROOT, "specs", "sql")
INTS = ["calls", "errors", "input_tokens", "output_tokens", "cached_input_tokens"]
KEY = ["hour", "customer_id", "provider", "model", "task_type", "feature_id"]

# Report figures a cube supports: key figures by key, tables by title (each compared whole,
# as printed). Revenue, margins, allowances and showback read customer tiers, products and
# organizations, which a cube does not carry; latency and quality need the calls.
SUPPORTED = {
    "summary": {
        "figures": ["total_spend_usd", "spend_per_month_usd", "calls", "tokens"],
        "tables": ["Spend by provider", "Top models by spend", "Top 10 cost drivers (customers)"],
    },
    "understanding": {"figures": "all", "tables": "all"},
    "features": {"figures": "all", "tables": "all"},
}


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def simulate(meterbook, scenarios, args, work):
    paths = {}
    for fmt in ["csv", "cube", "focus"]:
        paths[fmt] = os.path.join(work, f"run.{fmt}.csv")
        run([meterbook, "simulate", "--seed", str(args.seed), "--customers", str(args.customers), "--days",
             str(args.days), "--format", fmt, "--out", paths[fmt], "--scenarios", scenarios])
    return paths


class DuckDB:
    def __init__(self):
        import duckdb
        self.con = duckdb.connect()

    def view(self, name, path):
        self.con.execute(
            f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_csv('{path}', header = true, all_varchar = true)")

    def query(self, sql):
        cur = self.con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def stop(self):
        self.con.close()


class Spark:
    def __init__(self):
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("meterbook-cube")
                      .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.shuffle.partitions", "4")
                      .config("spark.sql.session.timeZone", "UTC").getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def view(self, name, path):
        # RFC 4180: quotes are doubled, not backslash-escaped (FOCUS's Tags and descriptions).
        (self.spark.read.option("header", True).option("escape", '"').option("multiLine", True)
         .csv(path).createOrReplaceTempView(name))

    def query(self, sql):
        return [r.asDict() for r in self.spark.sql(sql).collect()]

    def stop(self):
        self.spark.stop()


def cube_rows(rows):
    """Rows → {key: (ints..., Decimal cost)}, with values as text parsed exactly."""
    out = {}
    for r in rows:
        key = tuple(str(r[k]) for k in KEY)
        if key in out:
            raise SystemExit(f"duplicate cube key {key}")
        out[key] = tuple(int(r[k]) for k in INTS) + (Decimal(str(r["cost_usd"])),)
    return out


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_cube(rows, path):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(KEY + INTS + ["cost_usd"])
        for r in rows:
            w.writerow([r[k] for k in KEY] + [r[k] for k in INTS] + [format(Decimal(str(r["cost_usd"])), "f")])


def by_day(cube):
    out = {}
    for (hour, customer, provider, model, _, _), v in cube.items():
        k = (hour[:10], customer, provider, model)
        old = out.get(k, (0,) * len(INTS) + (Decimal(0),))
        out[k] = tuple(a + b for a, b in zip(old, v))
    return out


def compare(name, want, got, problems):
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    differ = sorted(k for k in set(want) & set(got) if want[k] != got[k])
    for label, keys in [("missing", missing), ("extra", extra), ("different", differ)]:
        for k in keys[:5]:
            problems.append(f"{name}: {label} row {k}: want {want.get(k)}, got {got.get(k)}")
    if not (missing or extra or differ):
        print(f"  {name}: {len(want):,} rows equal")


def figures(meterbook, scenarios, report, source):
    out = run([meterbook, "analyze", *source, "--report", report, "--format", "json", "--scenarios", scenarios])
    items = {}
    for b in json.loads(out)["cells"][0]["report"]["blocks"]:
        if b["kind"] == "keyFigures":
            for k in b["keyFigures"]:
                items[("figure", k["key"])] = k["value"]
        elif b["kind"] == "table":
            items[("table", b["table"]["title"])] = b["table"]["text"]
    return items


def compare_reports(meterbook, scenarios, calls, cube, problems):
    for report, wanted in SUPPORTED.items():
        want = figures(meterbook, scenarios, report, [calls])
        got = figures(meterbook, scenarios, report, ["--cube", cube])
        keys = [k for k in want if (wanted["figures"] == "all" or k[1] in wanted["figures"]) and k[0] == "figure"]
        keys += [k for k in want if (wanted["tables"] == "all" or k[1] in wanted["tables"]) and k[0] == "table"]
        named = set(wanted["figures"] if wanted["figures"] != "all" else []) | set(
            wanted["tables"] if wanted["tables"] != "all" else [])
        for n in named - {k[1] for k in keys}:
            problems.append(f"analyze {report}: the calls' report has no '{n}'")
        for k in keys:
            if want[k] != got.get(k):
                problems.append(f"analyze {report}: {k[0]} '{k[1]}' differs: calls {want[k]!r}, cube {got.get(k)!r}")
        print(f"  analyze --report {report}: {len(keys)} figures and tables equal" if not any(
            p.startswith(f"analyze {report}:") for p in problems) else f"  analyze --report {report}: DIFFERENT")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", choices=["duckdb", "spark"], required=True)
    p.add_argument("--meterbook", default=os.path.join(ROOT, ".build", "debug", "meterbook"))
    p.add_argument("--scenarios", default=os.path.join(ROOT, "scenarios"))
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--customers", type=int, default=40)
    p.add_argument("--days", type=int, default=10)
    args = p.parse_args()
    problems = []
    with tempfile.TemporaryDirectory(prefix="meterbook-cube-") as work:
        t = time.monotonic()
        paths = simulate(args.meterbook, args.scenarios, args, work)
        own = cube_rows(read_csv(paths["cube"]))
        print(f"{args.engine}: simulated {sum(v[0] for v in own.values()):,} calls, {len(own):,} cube rows "
              f"({time.monotonic() - t:.1f} s)")
        t = time.monotonic()
        engine = DuckDB() if args.engine == "duckdb" else Spark()
        started = time.monotonic() - t
        t = time.monotonic()
        engine.view("calls", paths["csv"])
        from_calls = engine.query(open(os.path.join(SQL, "cube-from-calls.sql")).read())
        calls_time = time.monotonic() - t
        t = time.monotonic()
        engine.view("focus", paths["focus"])
        from_focus = engine.query(open(os.path.join(SQL, "cube-from-focus.sql")).read())
        focus_time = time.monotonic() - t
        engine.stop()
        print(f"  engine start {started:.1f} s; cube-from-calls.sql {calls_time:.2f} s; "
              f"cube-from-focus.sql {focus_time:.2f} s")
        compare("cube-from-calls.sql vs meterbook's cube", own, cube_rows(from_calls), problems)
        focus = {(h[:10], c, pr, m): v for (h, c, pr, m, _, _), v in cube_rows(from_focus).items()}
        compare("cube-from-focus.sql vs meterbook's cube by day", by_day(own), focus, problems)
        sql_cube = os.path.join(work, "sql.cube.csv")
        write_cube(from_calls, sql_cube)
        compare_reports(args.meterbook, args.scenarios, paths["csv"], sql_cube, problems)
    for problem in problems:
        print("DIFFERENCE: " + problem, file=sys.stderr)
    print(f"{args.engine}: " + ("FAILED" if problems else "the SQL cube equals meterbook's, to the nano-dollar"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
