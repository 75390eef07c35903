#!/usr/bin/env bash
# Writes a self-contained HTML report (no network, inline SVG charts, Chinese with English beside)
# into the output folder: DIR/report-<period>.html (several prefectures: an overview there, each
# prefecture's page as DIR/report-<period>-<code>.html).
#   jobs/report.sh [--output DIR] [--period 2024-H1] [--prefecture CODE]
# DIR defaults to out/. Without --period: the latest complete half-year with last year's figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
SPARK_CONFS+=("spark.sql.shuffle.partitions=4")
# no web UI for a command of seconds (starting its server costs about a second)
SPARK_CONFS+=("spark.ui.enabled=false")
SHORT_RUN=1 # the report reads small tables and ends in seconds
run_main org.burdenwatch.report.ReportCommand "" --output "$PROJECT_DIR/out" "$@"
