#!/usr/bin/env bash
# The incremental-run benchmark: a 12-month national tree (2023) is run in full; one more month of
# documents, meetings and platform tasks (2024-01, a twelfth of the rows) is added; the rerun into
# the same output (incremental) is timed against a full run of the 13-month tree, and the two
# outputs are compared table by table.
#   jobs/bench-incremental.sh [--task-rows 2400000] [--data DIR]
# Inputs go to bench/data/ (kept for the next run), outputs to bench/out/incremental/, the figures
# as JSON to bench/results/incremental-<time>.json.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

task_rows=2400000
data="$PROJECT_DIR/bench/data"
while [ $# -gt 0 ]; do
  case "$1" in
    --task-rows) task_rows=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
ensure_jar
ensure_classpath
ensure_tools

year="$data/months-2023-01-12-$task_rows"
month="$data/months-2024-01-1-$task_rows"
if [ ! -f "$year/_generated.json" ]; then
  "$PROJECT_DIR/jobs/generate.sh" --counties 2844 --task-rows "$task_rows" --first-month 2023-01 --months 12 \
    --output "$year" >&2
fi
if [ ! -f "$month/_generated.json" ]; then
  "$PROJECT_DIR/jobs/generate.sh" --counties 2844 --task-rows $((task_rows / 12)) --first-month 2024-01 --months 1 \
    --id-prefix 2024-01- --output "$month" >&2
fi

work="$PROJECT_DIR/bench/out/incremental"
rm -rf "$work" # the benchmark's own previous outputs and input links
mkdir -p "$work" "$PROJECT_DIR/bench/results"
tree="$work/input"
cp -al "$year" "$tree" # hard links: the generated files are never written to
rm -f "$tree/_generated.json"

timed() { # timed NAME CMD...: wall seconds and peak RSS (KB) of CMD into $work/NAME.time, its output in NAME.log
  local name=$1; shift
  sync
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.log" 2>&1 \
    || { echo "error: $name failed, see $work/$name.log" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
}
stages() { grep -o 'stages:.*' "$work/$1.log" | sed 's/^stages: *//'; }

timed full-12-months "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/out"
for type in documents meetings platform_tasks; do
  cp -l "$month/$type"/* "$tree/$type/"
done
timed incremental-13th-month "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/out"
timed full-13-months "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/full"

# the incremental output must hold the same rows as the full one, every table, EXCEPT ALL both ways
set +e
differences=$(tool org.burdenwatch.testing.CompareOutputs "$work/out" "$work/full" 2>/dev/null)
compared=$?
set -e

read -r full12_wall full12_rss < "$work/full-12-months.time"
read -r incr_wall incr_rss < "$work/incremental-13th-month.time"
read -r full13_wall full13_rss < "$work/full-13-months.time"
share=$(awk -v i="$incr_wall" -v f="$full13_wall" 'BEGIN{printf "%.1f", 100 * i / f}')
printf "%-24s %9s %12s  %s\n" run wall_s peak_RSS_MB stages
printf "%-24s %9s %12s  %s\n" full-12-months "$full12_wall" $((full12_rss / 1024)) "$(stages full-12-months)"
printf "%-24s %9s %12s  %s\n" incremental-13th-month "$incr_wall" $((incr_rss / 1024)) "$(stages incremental-13th-month)"
printf "%-24s %9s %12s  %s\n" full-13-months "$full13_wall" $((full13_rss / 1024)) "$(stages full-13-months)"
met=$(awk -v s="$share" 'BEGIN{print (s <= 25) ? "met" : "NOT MET"}')
echo "incremental rerun / full run of the 13-month tree: ${share}% (target ≤ 25%: $met)"
echo "the incremental output against the full one (rows only in A = incremental, B = full):"
echo "$differences"
if [ "$compared" -ne 0 ]; then
  echo "error: the incremental output differs from the full one" >&2
  exit 1
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
cat > "$PROJECT_DIR/bench/results/incremental-$stamp.json" <<EOF
{"task_rows_12_months": $task_rows, "task_rows_added_month": $((task_rows / 12)),
 "full_12_months_s": $full12_wall, "incremental_13th_month_s": $incr_wall, "full_13_months_s": $full13_wall,
 "incremental_share_pct": $share, "target_pct": 25, "target_met": $([ "$met" = met ] && echo true || echo false), "peak_rss_mb": {"full_12": $((full12_rss / 1024)), "incremental": $((incr_rss / 1024)), "full_13": $((full13_rss / 1024))},
 "stages": {"full_12": "$(stages full-12-months)", "incremental": "$(stages incremental-13th-month)", "full_13": "$(stages full-13-months)"}}
EOF
echo "wrote bench/results/incremental-$stamp.json"
