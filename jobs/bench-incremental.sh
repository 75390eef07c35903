#!/usr/bin/env bash
# The incremental-run benchmark: a 12-month national tree (2023, 1% garbage) is run in full; one
# more month of documents, meetings and platform tasks (2024-01, a twelfth of the rows) is added;
# the rerun into the same output (incremental) is timed against a full run of the 13-month tree,
# alternating, at least two pairs (each pair starts again from the 12-month output); prints each
# pair's share and their median, and compares the two outputs table by table.
#   jobs/bench-incremental.sh [--task-rows 2400000] [--pairs 2] [--bad-fraction 0.01] [--data DIR]
# Inputs go to bench/data/ (kept for the next run), outputs to bench/out/incremental/, the figures
# as JSON to bench/results/incremental-<time>.json.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

task_rows=2400000
pairs=2
bad=0.01
data="$PROJECT_DIR/bench/data"
while [ $# -gt 0 ]; do
  case "$1" in
    --task-rows) task_rows=${2:?}; shift 2 ;;
    --pairs) pairs=${2:?}; shift 2 ;;
    --bad-fraction) bad=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --pairs needs a whole number ≥ 1: $pairs" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
ensure_jar
ensure_classpath
ensure_tools

year="$data/months-2023-01-12-$task_rows-bad$bad"
month="$data/months-2024-01-1-$task_rows-bad$bad"
if [ ! -f "$year/_generated.json" ]; then
  "$PROJECT_DIR/jobs/generate.sh" --counties 2844 --task-rows "$task_rows" --first-month 2023-01 --months 12 \
    --bad-fraction "$bad" --output "$year" >&2
fi
if [ ! -f "$month/_generated.json" ]; then
  "$PROJECT_DIR/jobs/generate.sh" --counties 2844 --task-rows $((task_rows / 12)) --first-month 2024-01 --months 1 \
    --id-prefix 2024-01- --bad-fraction "$bad" --output "$month" >&2
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

month_files=()
for type in documents meetings platform_tasks; do
  for f in "$month/$type"/*; do month_files+=("$tree/$type/$(basename "$f")"); done
done
shares=() incr_walls=() full_walls=()
printf "%-6s %-24s %9s %12s  %s\n" pair run wall_s peak_RSS_MB stages
for pair in $(seq 1 "$pairs"); do
  rm -f "${month_files[@]}" # the 12-month tree again
  rm -rf "$work/out" "$work/full"
  timed full-12-months-$pair "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/out"
  for type in documents meetings platform_tasks; do
    cp -l "$month/$type"/* "$tree/$type/"
  done
  timed incremental-13th-month-$pair "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/out"
  timed full-13-months-$pair "$PROJECT_DIR/jobs/run.sh" --input "$tree" --output "$work/full"
  for run in full-12-months incremental-13th-month full-13-months; do
    read -r w r < "$work/$run-$pair.time"
    printf "%-6s %-24s %9s %12s  %s\n" "$pair" "$run" "$w" $((r / 1024)) "$(stages $run-$pair)"
  done
  read -r incr_wall _ < "$work/incremental-13th-month-$pair.time"
  read -r full13_wall _ < "$work/full-13-months-$pair.time"
  incr_walls+=("$incr_wall")
  full_walls+=("$full13_wall")
  shares+=("$(awk -v i="$incr_wall" -v f="$full13_wall" 'BEGIN{printf "%.1f", 100 * i / f}')")
  echo "       pair $pair: incremental / full = ${shares[-1]}%"
done

# the (last pair's) incremental output must hold the same rows as the full one, every table, EXCEPT ALL both ways
set +e
differences=$(tool org.burdenwatch.testing.CompareOutputs "$work/out" "$work/full" 2>/dev/null)
compared=$?
set -e

share=$(median "${shares[@]}")
met=$(awk -v s="$share" 'BEGIN{print (s <= 35) ? "met" : "NOT MET"}')
echo "incremental rerun / full run of the 13-month tree: ${shares[*]}% over $pairs pairs, median ${share}% (target ≤ 35%: $met)"
echo "the incremental output against the full one (rows only in A = incremental, B = full):"
echo "$differences"
if [ "$compared" -ne 0 ]; then
  echo "error: the incremental output differs from the full one" >&2
  exit 1
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
cat > "$PROJECT_DIR/bench/results/incremental-$stamp.json" <<EOF
{"task_rows_12_months": $task_rows, "task_rows_added_month": $((task_rows / 12)), "bad_fraction": $bad, "pairs": $pairs,
 "incremental_13th_month_s": [$(IFS=,; echo "${incr_walls[*]}")], "full_13_months_s": [$(IFS=,; echo "${full_walls[*]}")],
 "incremental_share_pct": [$(IFS=,; echo "${shares[*]}")], "median_share_pct": $share, "target_pct": 35,
 "target_met": $([ "$met" = met ] && echo true || echo false),
 "stages": {"full_12": "$(stages full-12-months-$pairs)", "incremental": "$(stages incremental-13th-month-$pairs)", "full_13": "$(stages full-13-months-$pairs)"}}
EOF
echo "wrote bench/results/incremental-$stamp.json"
