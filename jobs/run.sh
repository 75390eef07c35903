#!/usr/bin/env bash
# Runs the main job: validate the input tree, then compute the burden indicators.
#   jobs/run.sh [--input DIR] [--output DIR] [--targets FILE] [--database NAME] [--full]
#               [--break-lock] [--stale-lock-hours N] [--master URL] [--conf key=value ...]
# With no arguments it reads data/sample and writes out/. Uses spark-submit when Spark is
# installed (SPARK_HOME or PATH); otherwise runs in local[*] with Spark from Maven.
# A rerun into the same output parses only the files added since and recomputes only the periods
# they touch; --full parses every file and recomputes every period.
# --database NAME registers the tables as NAME.county_indicators, … (a local Hive metastore under
# metastore/ when Spark is not installed; the cluster's metastore under spark-submit).
# Every other option goes to the job as it is (--break-lock, --stale-lock-hours N, …): the job's
# own parser is the one that knows them, and refuses what it does not.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

input="$PROJECT_DIR/data/sample"
output="$PROJECT_DIR/out"
master=""
targets=()
database=()
full=()
job_options=()
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=${2:?--input needs a folder}; shift 2 ;;
    --output) output=${2:?--output needs a folder}; shift 2 ;;
    --targets) targets=(--targets "${2:?--targets needs a file}"); shift 2 ;;
    --database) database=(--database "${2:?--database needs a name}"); use_local_metastore; shift 2 ;;
    --full) full=(--full); shift ;;
    --master) master=${2:?--master needs a URL}; shift 2 ;;
    --conf) SPARK_CONFS+=("${2:?--conf needs key=value}"); shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) job_options+=("$1"); shift ;;
  esac
done

# A short run (C1 only, lib.sh): a local input of at most 32 MiB (the job then also skips code
# generation) whose division list is small too. The indicator tables cover every division and
# period whatever the input's size: with a national list (40,000 divisions, 1.8 MB) they take
# minutes, which the optimising compiler shortens (20,000 task rows: 189 s → 146 s).
bytes_of() { if [ -d "$1" ]; then du -sb "$1" 2>/dev/null | cut -f1; else echo 0; fi; }
if [ -d "$input" ] && [ "$(bytes_of "$input")" -le $((32 << 20)) ] && [ "$(bytes_of "$input/divisions")" -le $((256 << 10)) ]; then
  SHORT_RUN=1
fi
run_main org.burdenwatch.jobs.BurdenIndicatorsJob "$master" --input "$input" --output "$output" "${targets[@]}" "${database[@]}" "${full[@]}" "${job_options[@]}"
