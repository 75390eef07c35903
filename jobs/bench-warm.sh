#!/usr/bin/env bash
# The job's fixed cost once the JVM is warm: the job run RUNS times on one input in one JVM and one
# local[2] session, as the test suite runs it (src/tools/java/org/burdenwatch/bench/WarmRuns.java).
# Prints each run's seconds and the mean of the last half.
#   jobs/bench-warm.sh [--input DIR] [--runs 6] [--local-fs hadoop] [--rules]
# --rules: then Catalyst's seconds per rule over the last half of the runs, and the code generator's
# compilations (where a warm run's planning goes).
# --local-fs hadoop: Hadoop's own local file system (a chmod / ls process per file) for comparison.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
input="$PROJECT_DIR/data/sample"
runs=6
opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --local-fs) [ "${2:?}" = hadoop ] || { echo "error: --local-fs takes hadoop" >&2; exit 2; }
      opts+=("-Dspark.hadoop.fs.file.impl=org.apache.hadoop.fs.LocalFileSystem"); shift 2 ;;
    --rules) opts+=("-Dwarm.rules=true"); shift ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done
JAVA_OPTS="-Xmx3g ${opts[*]:-}" run_tool org.burdenwatch.bench.WarmRuns "$input" "$runs"
