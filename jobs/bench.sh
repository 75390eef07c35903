#!/usr/bin/env bash
# The national-scale benchmark: generates (or reuses) inputs of 2M, 5M and 20M platform-task rows
# with 1% garbage (as real exports have), and runs on the same raw files, alternating, at least two
# pairs per size (A B A B): the whole pipeline cold (as jobs/run.sh does) and the fair DuckDB
# reference (the same work: validation, quarantine, duplicates, clean tables, facts, periods,
# grids, year-on-year, both indicator tables); then once the narrow DuckDB query (three GROUP BYs).
# Prints each pair and the medians (wall and CPU seconds, CPU µs per record, peak RSS, the ratio of
# each pair and their median); then data/sample run cold as many times and a query on its output;
# then each target with its figure from this run (a median), met or not.
#   jobs/bench.sh [--sizes 2000000,5000000,20000000] [--pairs 2] [--bad-fraction 0.01] [--no-sample]
#                 [--data DIR] [--conf key=value ...]
# Inputs go to bench/data/ (kept for the next run), outputs to bench/out/, the table as JSON to
# bench/results/. The references are tools (src/tools) with DuckDB's JDBC driver in test scope, never in the jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

sizes="2000000,5000000,20000000"
pairs=2
bad=0.01
data="$PROJECT_DIR/bench/data"
confs=()
sample=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=${2:?}; shift 2 ;;
    --pairs) pairs=${2:?}; shift 2 ;;
    --bad-fraction) bad=${2:?}; shift 2 ;;
    --data) data=${2:?}; shift 2 ;;
    --no-sample) sample=0; shift ;;
    --conf) confs+=(--conf "${2:?}"); shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ "$pairs" =~ ^[1-9][0-9]*$ ]] || { echo "error: --pairs needs a whole number ≥ 1: $pairs" >&2; exit 2; }
[ "$pairs" -ge 2 ] || echo "warning: one pair proves nothing on a shared machine: its ratio depends on which run you keep" >&2
command -v /usr/bin/time >/dev/null || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

ensure_jar
ensure_classpath
ensure_tools

results="$PROJECT_DIR/bench/results"
mkdir -p "$results" "$PROJECT_DIR/bench/out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
json="$results/$stamp.json"
rows_json=()
declare -A pipeline_wall pipeline_per pipeline_rss fair_ratio tables_s jit_s

timed() { # timed FILE CMD...: wall seconds, peak RSS (KB) and CPU seconds (user + system) of CMD into FILE
  local file=$1; shift
  sync
  /usr/bin/time -f "%e %M %U %S" -o "$file" "$@" > "$file.log" 2>&1 || { echo "error: failed, see $file.log" >&2; tail -5 "$file.log" >&2; exit 1; }
}
# The pipeline maps the class-data archive of this build when there is one (as every run after a
# build's first does), and never writes one inside a timed run.
export BURDEN_CDS=read
archive=$(class_data_archive "$(job_classpath)")
if [ -n "$archive" ]; then
  echo "class-data archive: $archive"
else
  echo "class-data archive: none (the first jobs/run.sh of a build writes one; without it the pipeline starts about 8 s slower)"
fi
java_bench=(java -Xmx8g -cp "$PROJECT_DIR/target/classes:$PROJECT_DIR/target/test-classes:$(cat "$PROJECT_DIR/target/tools-classpath.txt")")

for size in ${sizes//,/ }; do
  input="$data/tasks-$size-bad$bad"
  if [ ! -f "$input/_generated.json" ]; then
    echo "generating $input …" >&2
    "$PROJECT_DIR/jobs/generate.sh" --task-rows "$size" --counties 2844 --bad-fraction "$bad" --output "$input" >&2
  fi
  mb=$(du -sm --exclude=_generated.json "$input" | cut -f1)
  total_rows=$(sed -E 's/.*"divisions":\{"rows":([0-9]+).*"documents":\{"rows":([0-9]+).*"meetings":\{"rows":([0-9]+).*"platforms":\{"rows":([0-9]+).*"platform_tasks":\{"rows":([0-9]+).*/\1 \2 \3 \4 \5/' "$input/_generated.json" | awk '{print $1+$2+$3+$4+$5}')
  out="$PROJECT_DIR/bench/out"
  echo "$size task rows ($total_rows records with ${bad} garbage, $mb MB): $pairs pairs, the pipeline then the fair reference"
  declare -A wall=() cpu=() rss=()
  ratios=() tables=() jits=()
  for pair in $(seq 1 "$pairs"); do
    for engine in pipeline fair; do
      rm -rf "$out/$engine-$size" # the benchmark's own previous output
      if [ $engine = pipeline ]; then
        timed "$out/$engine-$size-$pair.time" "$PROJECT_DIR/jobs/run.sh" --input "$input" --output "$out/$engine-$size" "${confs[@]}"
      else
        timed "$out/$engine-$size-$pair.time" "${java_bench[@]}" org.burdenwatch.bench.FairDuckDbReference "$input" "$out/$engine-$size"
      fi
      read -r w r u y < "$out/$engine-$size-$pair.time"
      wall[$engine]+="$w "
      cpu[$engine]+="$(awk -v u="$u" -v y="$y" 'BEGIN{printf "%.1f", u + y}') "
      rss[$engine]+="$((r / 1024)) "
    done
    p_w=$(echo ${wall[pipeline]} | awk '{print $NF}')
    f_w=$(echo ${wall[fair]} | awk '{print $NF}')
    ratio=$(awk -v a="$p_w" -v b="$f_w" 'BEGIN{printf "%.2f", a / b}')
    ratios+=("$ratio")
    log="$out/pipeline-$size-$pair.time.log"
    tables+=("$(grep -o 'indicator_tables [0-9.]*' "$log" | awk '{print $2}')")
    jits+=("$(grep -o 'jit [0-9.]*' "$log" | awk '{print $2}')")
    echo "  pair $pair: pipeline $p_w s, fair $f_w s: ${ratio}x; $(grep -o 'stages:.*' "$log")"
  done
  rm -rf "$out/narrow-$size"
  timed "$out/narrow-$size.time" "${java_bench[@]}" org.burdenwatch.bench.DuckDbReference "$input" "$out/narrow-$size"
  read -r n_wall n_rss n_user n_sys < "$out/narrow-$size.time"
  wall[narrow]=$n_wall
  cpu[narrow]=$(awk -v u="$n_user" -v y="$n_sys" 'BEGIN{printf "%.1f", u + y}')
  rss[narrow]=$((n_rss / 1024))
  fair_ratio[$size]=$(median "${ratios[@]}")
  tables_s[$size]=$(median "${tables[@]}")
  jit_s[$size]=$(median "${jits[@]}")
  f_med=$(median ${wall[fair]})
  printf "  medians of %s pairs:\n  %-9s %8s %8s %9s %8s %8s %8s\n" "$pairs" engine wall_s cpu_s cpu_us_rec rss_MB vs_fair vs_narrow
  for engine in pipeline fair narrow; do
    w=$(median ${wall[$engine]})
    c=$(median ${cpu[$engine]})
    r=$(median ${rss[$engine]})
    per=$(awk -v c="$c" -v n="$total_rows" 'BEGIN{printf "%.1f", 1e6 * c / n}')
    vf=$(awk -v a="$w" -v b="$f_med" 'BEGIN{printf "%.2f", a / b}')
    [ $engine = pipeline ] && vf=${fair_ratio[$size]} # the median of the pairs' ratios, not a ratio of medians
    vn=$(awk -v a="$w" -v b="$n_wall" 'BEGIN{printf "%.2f", a / b}')
    printf "  %-9s %8s %8s %9s %8s %7sx %7sx\n" $engine "$w" "$c" "$per" "$r" "$vf" "$vn"
    pr=""
    [ $engine = pipeline ] && pr="\"pair_ratios_to_fair\":[$(IFS=,; echo "${ratios[*]}")],"
    rows_json+=("{\"task_rows\":$size,\"records\":$total_rows,\"input_mb\":$mb,\"bad_fraction\":$bad,\"engine\":\"$engine\",\"runs\":$(echo ${wall[$engine]} | wc -w),${pr}\"wall_s\":[$(echo ${wall[$engine]} | tr ' ' ',')],\"median_wall_s\":$w,\"median_cpu_s\":$c,\"cpu_us_per_record\":$per,\"peak_rss_mb\":$r,\"ratio_to_fair\":$vf,\"ratio_to_narrow\":$vn}")
    if [ $engine = pipeline ]; then
      pipeline_wall[$size]=$w
      pipeline_per[$size]=$per
      pipeline_rss[$size]=$r
    fi
  done
done

sizes_arr=(${sizes//,/ })
scaling=null
if [ ${#sizes_arr[@]} -ge 2 ]; then
  small=${sizes_arr[-2]}; large=${sizes_arr[-1]}
  scaling=$(awk -v a="${pipeline_wall[$small]}" -v b="${pipeline_wall[$large]}" 'BEGIN{printf "%.2f", b/a}')
  echo "pipeline time ${large} / ${small} task rows: ${scaling}x (data ×$((large / small)))"
fi

# data/sample cold (a new JVM, as a user's first run) as many times as there are pairs, and a query on its output
sample_json=null
if [ "$sample" = 1 ]; then
  out="$PROJECT_DIR/bench/out"
  s_walls=()
  for run in $(seq 1 "$pairs"); do
    rm -rf "$out/sample" # the benchmark's own previous output
    timed "$out/sample-$run.time" "$PROJECT_DIR/jobs/run.sh" --input "$PROJECT_DIR/data/sample" --output "$out/sample" "${confs[@]}"
    read -r w s_rss _ _ < "$out/sample-$run.time"
    s_walls+=("$w")
  done
  timed "$out/sample-query.time" "$PROJECT_DIR/jobs/query.sh" --output "$out/sample" "select count(*) from county_indicators"
  s_wall=$(median "${s_walls[@]}")
  read -r q_wall _ _ _ < "$out/sample-query.time"
  s_jobs=$(grep -o '([0-9]* Spark jobs)' "$out/sample-$pairs.time.log" | tr -dc '0-9')
  echo "data/sample cold: ${s_walls[*]} s (median ${s_wall} s), ${s_jobs} Spark jobs, peak RSS $((s_rss / 1024)) MB; a query on its output: ${q_wall} s"
  grep -E '^ *(stages|jvm):' "$out/sample-$pairs.time.log" | sed "s/^ */  sample /" || true
  sample_json="{\"wall_s\":[$(IFS=,; echo "${s_walls[*]}")],\"median_wall_s\":$s_wall,\"spark_jobs\":$s_jobs,\"query_wall_s\":$q_wall}"
fi

# the targets (issues 11 and 39), each with this run's figure (a median of its pairs): met or not
targets_json=()
target() { # target NAME VALUE OP LIMIT UNIT: prints and records one target (VALUE "-": not measured in this run)
  local name=$1 value=$2 op=$3 limit=$4 unit=$5 verdict
  if [ "$value" = "-" ]; then
    verdict="not measured in this run"
    targets_json+=("{\"target\":\"$name\",\"limit\":$limit,\"value\":null,\"met\":null}")
  else
    if awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN{exit !((op == "<=") ? v <= l : v >= l)}'; then
      verdict="met"
    else
      verdict="NOT MET"
    fi
    targets_json+=("{\"target\":\"$name\",\"limit\":$limit,\"value\":$value,\"met\":$([ "$verdict" = met ] && echo true || echo false)}")
  fi
  printf "  %-52s %10s %s %-6s %s\n" "$name" "$([ "$value" = - ] && echo - || echo "$value$unit")" "$op" "$limit$unit" "$verdict"
}
echo "targets (medians of this run's pairs; CI's time and the incremental month are measured by .ci/run and jobs/bench-incremental.sh):"
target "2M task rows: pipeline / fair reference" "${fair_ratio[2000000]:--}" "<=" 2.0 x
target "20M task rows: pipeline / fair reference" "${fair_ratio[20000000]:--}" "<=" 1.2 x
target "20M task rows: pipeline CPU per record" "${pipeline_per[20000000]:--}" "<=" 12 " µs"
target "2M task rows: indicator tables stage" "${tables_s[2000000]:--}" "<=" 8 " s"
target "2M task rows: JIT CPU of the run" "${jit_s[2000000]:--}" "<=" 20 " s"
if [ -n "${pipeline_wall[5000000]:-}" ] && [ -n "${pipeline_wall[20000000]:-}" ]; then
  target "pipeline time 20M / 5M task rows" "$(awk -v a="${pipeline_wall[5000000]}" -v b="${pipeline_wall[20000000]}" 'BEGIN{printf "%.2f", b/a}')" "<=" 4.2 x
else
  target "pipeline time 20M / 5M task rows" - "<=" 4.2 x
fi
# flat: the peak RSS of the largest size run at most 10% above that of the smallest, when the data
# grows at least four times between them (the RSS of small sizes says nothing of growth)
rss_growth=-
if [ ${#sizes_arr[@]} -ge 2 ] && [ $((sizes_arr[-1] / sizes_arr[0])) -ge 4 ]; then
  rss_growth=$(awk -v a="${pipeline_rss[${sizes_arr[0]}]}" -v b="${pipeline_rss[${sizes_arr[-1]}]}" 'BEGIN{printf "%.2f", b/a}')
fi
target "peak RSS, largest size / smallest (flat)" "$rss_growth" "<=" 1.1 x
if [ "$sample" = 1 ]; then
  target "data/sample cold run" "$s_wall" "<=" 12 " s"
  target "data/sample Spark jobs" "$s_jobs" "<=" 25 ""
  target "a query on the sample's output" "$q_wall" "<=" 6 " s"
fi

machine="$(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
printf '{"measured_at":"%s","machine":"%s","class_data_archive":%s,"pairs":'"$pairs"',"rows":[%s],"pipeline_scaling":%s,"sample":%s,"targets":[%s]}\n' \
  "$stamp" "$machine" "$([ -n "$archive" ] && echo true || echo false)" "$(IFS=,; echo "${rows_json[*]}")" "$scaling" \
  "$sample_json" "$(IFS=,; echo "${targets_json[*]}")" > "$json"
echo "results: $json"
