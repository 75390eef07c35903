#!/usr/bin/env bash
# The report in a real browser: installs Debian's chromium (and a CJK font) when absent, runs the
# job on the sample, writes the report, and checks it in headless Chromium with check-report.mjs:
# no console error, no network request, every chart drew, every figure equals the Parquet.
# Also: a period with no data gives a report that says so. Run from anywhere; CI runs it.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PROJECT_DIR=$(cd "$HERE/../../.." && pwd)
WORK="$PROJECT_DIR/target/browser-test"
mkdir -p "$WORK"

if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  echo "installing Debian's chromium and a CJK font …"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null
fi
cp "$HERE/package.json" "$HERE/check-report.mjs" "$WORK/"
(cd "$WORK" && npm install --silent --no-audit --no-fund >/dev/null)

out=$(mktemp -d)/out
"$PROJECT_DIR/jobs/run.sh" --output "$out" >/dev/null
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
echo "browser test passed; screenshot: $WORK/report-2024-H1.png"
