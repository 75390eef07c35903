#!/usr/bin/env bash
# Spark SQL over an output folder, every table under its stable name.
#   jobs/query.sh [--output DIR] [--csv FILE | --parquet DIR] [--limit N] [--metastore] [--timings] ("SQL" | -f FILE.sql)
# DIR defaults to out/ (where jobs/run.sh writes). Tables: county_indicators, township_indicators,
# targets, audit_reported_figures, clean_<type>, quarantine_<type>, duplicates_<type>, runs.
# --csv writes UTF-8 with a byte-order mark (Excel and WPS read the Chinese); nothing is overwritten.
# --metastore also opens the local Hive metastore of jobs/run.sh --database NAME (NAME.county_indicators …).
# Ready queries: jobs/sql/*.sql, e.g. jobs/query.sh -f jobs/sql/yoy-cuts.sql. --timings: where the seconds went.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
args=()
for a in "$@"; do
  if [ "$a" = "--metastore" ]; then use_local_metastore; else args+=("$a"); fi
done
# the outputs are small: a few shuffle partitions, not Spark's 200
SPARK_CONFS+=("spark.sql.shuffle.partitions=4")
# no web UI for a command of seconds (starting its server costs about a second)
SPARK_CONFS+=("spark.ui.enabled=false")
SHORT_RUN=1 # a query reads small tables and ends in seconds
run_main org.burdenwatch.query.QueryCommand "" --output "$PROJECT_DIR/out" "${args[@]}"
