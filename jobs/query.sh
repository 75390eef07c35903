#!/usr/bin/env bash
# Spark SQL over an output folder, every table under its stable name.
#   jobs/query.sh [--output DIR] [--csv FILE | --parquet DIR] [--limit N] ("SQL" | -f FILE.sql)
# DIR defaults to out/ (where jobs/run.sh writes). Tables: county_indicators, township_indicators,
# targets, audit_reported_figures, clean_<type>, quarantine_<type>, duplicates_<type>, runs.
# --csv writes UTF-8 with a byte-order mark (Excel and WPS read the Chinese); nothing is overwritten.
# Ready queries: jobs/sql/*.sql, e.g. jobs/query.sh -f jobs/sql/yoy-cuts.sql
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case "${1:-}" in
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
# the outputs are small: a few shuffle partitions, not Spark's 200
SPARK_CONFS+=("spark.sql.shuffle.partitions=4")
run_main org.burdenwatch.query.QueryCommand "" --output "$PROJECT_DIR/out" "$@"
