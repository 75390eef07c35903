#!/usr/bin/env bash
# The report in a real browser: installs Debian's chromium (and a CJK font) when absent, runs the
# job on the sample, writes the report, and checks it in headless Chromium with check-report.mjs:
# no console error, no network request, every chart drew, every figure equals the Parquet.
# Also: a period with no data gives a report that says so; a generated national output gets an
# overview page whose links open each prefecture's page (check-overview.mjs). Run from anywhere; CI runs it.
#   src/test/browser/run.sh [--sample-output DIR]   (DIR: an output of jobs/run.sh on data/sample to
#   report on, instead of running the job again; the reports are written into it, as report.sh does)
#   src/test/browser/run.sh --install-only   (only installs Debian's chromium and the font, touching
#   nothing in the project; CI does it in the background while the README's commands run)
set -euo pipefail
out=
install_only=false
case "${1:-}" in
  --sample-output) out=$(cd "${2:?--sample-output needs a folder}" && pwd) ;; # absolute: the browser opens file:// URLs
  --install-only) install_only=true ;;
  "") ;;
  *) echo "error: unknown argument $1 (src/test/browser/run.sh [--sample-output DIR | --install-only])" >&2; exit 2 ;;
esac
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT_DIR=$(cd "$HERE/../../.." && pwd)
WORK="$PROJECT_DIR/target/browser-test"

if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "installing Debian's chromium and a CJK font …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
if [ "$install_only" = true ]; then
  echo "installed: chromium and a CJK font"
  exit 0
fi
mkdir -p "$WORK"
# this script's own CSV files from an earlier run (the query command never overwrites a file)
rm -f "$WORK/county-2024-H1.csv" "$WORK/quarantine.csv" "$WORK/national-period.csv" \
  "$WORK/national-prefectures.csv" "$WORK/national-counties.csv"
cp "$HERE/package.json" "$HERE/common.mjs" "$HERE/check-report.mjs" "$HERE/check-overview.mjs" "$WORK/"
(cd "$WORK" && npm install --silent --no-audit --no-fund >/dev/null)

if [ -z "$out" ]; then
  out=$(mktemp -d)/out
  "$PROJECT_DIR/jobs/run.sh" --output "$out" >/dev/null
fi
"$PROJECT_DIR/jobs/report.sh" --output "$out" --period 2024-H1
"$PROJECT_DIR/jobs/query.sh" --output "$out" --csv "$WORK/county-2024-H1.csv" \
  "select * from county_indicators where period_type = 'half' and period = '2024-H1'"
"$PROJECT_DIR/jobs/query.sh" --output "$out" --csv "$WORK/quarantine.csv" \
  "select record_type, quarantined from runs where run_id = (select max(run_id) from runs)"
node "$WORK/check-report.mjs" "$out/report-2024-H1.html" "$WORK/report-2024-H1.png" \
  "$WORK/county-2024-H1.csv" "$WORK/quarantine.csv"

# a period with no data: the page says so and draws no chart
"$PROJECT_DIR/jobs/report.sh" --output "$out" --period 2030-H1
grep -q 'id="no-data"' "$out/report-2030-H1.html" || { echo "FAIL the 2030-H1 report does not say there is no data"; exit 1; }
if grep -q '<svg class="bars"' "$out/report-2030-H1.html"; then echo "FAIL the 2030-H1 report draws charts"; exit 1; fi
# a national output (generated: 3 prefectures): the overview page and the prefecture pages it links to
national=$(mktemp -d)
"$PROJECT_DIR/jobs/generate.sh" --output "$national/in" --counties 20 --townships-per-county 2 \
  --task-rows 3000 --files 2 >/dev/null
"$PROJECT_DIR/jobs/run.sh" --input "$national/in" --output "$national/out" >/dev/null
period=$("$PROJECT_DIR/jobs/query.sh" --output "$national/out" --csv "$WORK/national-period.csv" \
  "select max(period) as period from county_indicators where period_type = 'half'" >/dev/null \
  && tail -n 1 "$WORK/national-period.csv" | tr -d '\r"')
"$PROJECT_DIR/jobs/report.sh" --output "$national/out" --period "$period"
"$PROJECT_DIR/jobs/query.sh" --output "$national/out" --csv "$WORK/national-prefectures.csv" \
  "select * from county_indicators where period = '$period' and level = 'prefecture'"
"$PROJECT_DIR/jobs/query.sh" --output "$national/out" --csv "$WORK/national-counties.csv" \
  "select division_code, parent_code from county_indicators where period = '$period' and level = 'county'"
node "$WORK/check-overview.mjs" "$national/out/report-$period.html" "$WORK/overview.png" \
  "$WORK/national-prefectures.csv" "$WORK/national-counties.csv"

echo "browser test passed; screenshots: $WORK/report-2024-H1.png, $WORK/overview.png"
