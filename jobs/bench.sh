#!/usr/bin/env bash
# The national-scale benchmark: generates (or reuses) inputs of 5M and 20M platform-task rows,
# runs the whole pipeline cold (as jobs/run.sh does) and DuckDB's county x month aggregates of
# the same raw files, and prints rows, input MB, wall seconds, rows/s, peak RSS and the ratios.
#   jobs/bench.sh [--sizes 5000000,20000000] [--data DIR] [--conf key=value ...]
# Inputs go to bench/data/ (kept for the next run), outputs to bench/out/, the table as JSON to
# bench/results/. DuckDB's JDBC driver comes from the Maven profile "bench", never the shipped jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="5000000,20000000"
data="$PROJECT_DIR/bench/data"
confs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --conf) confs+=(--conf "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

ensure_jar
ensure_classpath
bench_cp="$PROJECT_DIR/target/bench-classpath.txt"
(cd "$PROJECT_DIR" && mvn -q -B -Pbench test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$bench_cp") >&2

results="$PROJECT_DIR/bench/results"
mkdir -p "$results" "$PROJECT_DIR/bench/out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json="$results/$stamp.json"
rows_json=()
declare -A pipeline_wall

timed() { # timed FILE CMD...: wall seconds and peak RSS (KB) of CMD into FILE
  local file=$1; shift
  /usr/bin/time -f "%e %M" -o "$file" "$@" > "$file.log" 2>&1 || { echo "error: failed, see $file.log" >&2; tail -5 "$file.log" >&2; exit 1; }
}

printf "%-12s %9s %-9s %9s %12s %12s %10s\n" rows input_MB engine wall_s rows_per_s peak_RSS_MB "vs_duckdb"
for size in ${sizes//,/ }; do
  input="$data/tasks-$size"
  if [ ! -f "$input/_generated.json" ]; then
    echo "generating $input …" >&2
    "$PROJECT_DIR/jobs/generate.sh" --task-rows "$size" --counties 2844 --output "$input" >&2
  fi
  mb=$(du -sm --exclude=_generated.json "$input" | cut -f1)
  total_rows=$(sed -E 's/.*"divisions":\{"rows":([0-9]+).*"documents":\{"rows":([0-9]+).*"meetings":\{"rows":([0-9]+).*"platforms":\{"rows":([0-9]+).*"platform_tasks":\{"rows":([0-9]+).*/\1 \2 \3 \4 \5/' "$input/_generated.json" | awk '{print $1+$2+$3+$4+$5}')

  sync
  timed "$PROJECT_DIR/bench/out/pipeline-$size.time" "$PROJECT_DIR/jobs/run.sh" --input "$input" \
    --output "$PROJECT_DIR/bench/out/pipeline-$size" "${confs[@]}"
  read -r p_wall p_rss < "$PROJECT_DIR/bench/out/pipeline-$size.time"

  rm -rf "$PROJECT_DIR/bench/out/duckdb-$size" # the benchmark's own previous output
  sync
  timed "$PROJECT_DIR/bench/out/duckdb-$size.time" java -Xmx8g \
    -cp "$PROJECT_DIR/target/test-classes:$(cat "$bench_cp")" org.burdenwatch.bench.DuckDbReference \
    "$input" "$PROJECT_DIR/bench/out/duckdb-$size"
  read -r d_wall d_rss < "$PROJECT_DIR/bench/out/duckdb-$size.time"

  ratio=$(awk -v p="$p_wall" -v d="$d_wall" 'BEGIN{printf "%.1f", p/d}')
  pipeline_wall[$size]=$p_wall
  for engine in pipeline duckdb; do
    if [ $engine = pipeline ]; then w=$p_wall; r=$p_rss; x="${ratio}x"; else w=$d_wall; r=$d_rss; x="1.0x"; fi
    rps=$(awk -v n="$total_rows" -v w="$w" 'BEGIN{printf "%.0f", n/w}')
    printf "%-12s %9s %-9s %9s %12s %12s %10s\n" "$total_rows" "$mb" $engine "$w" "$rps" $((r / 1024)) "$x"
    rows_json+=("{\"task_rows\":$size,\"rows\":$total_rows,\"input_mb\":$mb,\"engine\":\"$engine\",\"wall_s\":$w,\"rows_per_s\":$rps,\"peak_rss_mb\":$((r / 1024)),\"ratio_to_duckdb\":$([ $engine = pipeline ] && echo "$ratio" || echo 1.0)}")
  done
done

sizes_arr=(${sizes//,/ })
scaling=null
if [ ${#sizes_arr[@]} -ge 2 ]; then
  small=${sizes_arr[0]}; large=${sizes_arr[-1]}
  scaling=$(awk -v a="${pipeline_wall[$small]}" -v b="${pipeline_wall[$large]}" 'BEGIN{printf "%.2f", b/a}')
  echo "pipeline time ${large} / ${small} task rows: ${scaling}x (data ×$((large / small)))"
fi
machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
printf '{"measured_at":"%s","machine":"%s","rows":[%s],"pipeline_scaling":%s}\n' "$stamp" "$machine" \
  "$(IFS=,; echo "${rows_json[*]}")" "$scaling" > "$json"
echo "results: $json"
