# Shared by the jobs/*.sh launchers: find Spark, or build the jar and run with Spark from Maven.
# Sourced, not run. Sets PROJECT_DIR and SPARK_CONFS (k=v settings the caller adds to), and
# defines run_main CLASS MASTER ARGS...
#
# Every script that sources this says what failed when it stops on an error: no silent exit.

PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SPARK_CONFS=()
# A local run collects with the parallel collector: a batch job wants throughput, and G1's
# concurrent work competes with the run for the cores (docs/performance.md: the sample 28.8 s against
# 30.5-34.5 s; 2M task rows 122-138 s against 133-149 s, alternating). SHORT_RUN=1 (a small input, a
# query, a report): the JVM also compiles with C1 only. A run of seconds spends much of its CPU in
# the JIT's optimising compiler and never earns it back (the sample's cold run went from 67 s to 52 s).
SHORT_RUN=${SHORT_RUN:-0}
LOCAL_RUN_JVM=(-XX:+UseParallelGC)
SHORT_RUN_JVM=("${LOCAL_RUN_JVM[@]}" -XX:TieredStopAtLevel=1)
# A short local run also keeps its young generation at 128 MiB: the collector otherwise grows it
# towards the heap, and every page it touches for the first time is a page fault the kernel fills
# (on a virtual machine, dearly): the sample's run 18.05-19.00 s instead of 21.18-22.45 s (five
# alternating pairs), 3.4 instead of 5.4 s of system CPU, peak RSS 0.7 GB instead of 1.9
# (docs/performance.md, "The JVM per kind of run").
SHORT_RUN_HEAP=(-Xmn128m)

# memory_mib: the memory this machine, or the container it runs in, gives its processes (MiB).
memory_mib() {
  local mib limit
  mib=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || true)
  for limit in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    if [ -r "$limit" ] && [[ "$(cat "$limit")" =~ ^[0-9]+$ ]] && [ -n "$mib" ]; then
      limit=$(( $(cat "$limit") >> 20 ))
      [ "$limit" -lt "$mib" ] && mib=$limit
    fi
  done
  echo "${mib:-0}"
}

# local_heap [CORES] [MEMORY_MIB]: the -Xmx of a local run. 1 GiB per core (local[*] runs a task per
# core, and Spark gives each a share of the heap), at least 2 GiB, at most half the memory (when it
# is known) and under 32 GiB, where the JVM's compressed pointers and the class-data archive end.
# On two cores, 2 GiB: at 2M, 5M and 20M task rows as fast as the 4 GiB of before (alternating
# runs), peak RSS 1.9, 2.3 and 2.7 GB instead of 2.6, 2.8 and 4.3 (docs/performance.md).
local_heap() {
  local cores=${1:-$(nproc 2>/dev/null || echo 2)} memory=${2:-$(memory_mib)}
  local mib=$(( cores * 1024 ))
  [ "$mib" -lt 2048 ] && mib=2048
  [ "$memory" -gt 0 ] && [ "$mib" -gt $(( memory / 2 )) ] && mib=$(( memory / 2 ))
  [ "$mib" -gt $(( 31 * 1024 )) ] && mib=$(( 31 * 1024 ))
  if [ $(( mib % 1024 )) -eq 0 ]; then echo "-Xmx$(( mib / 1024 ))g"; else echo "-Xmx${mib}m"; fi
}

# errtrace: the trap also fires for a command that fails inside a function
set -o errtrace
on_error() {
  local status=$1 line=$2 command=$3
  echo "error: $(basename "$0") stopped (exit $status) at line $line: $command" >&2
  exit "$status"
}
trap 'on_error $? $LINENO "$BASH_COMMAND"' ERR

find_spark_submit() {
  if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
    echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    command -v spark-submit
  fi
}

# The job's jar under target/, or nothing when it has not been built (a fresh clone).
project_jar() {
  local f
  for f in "$PROJECT_DIR"/target/burden-indicators-*.jar; do
    case "$f" in
      *-tests.jar) ;;
      *) [ -f "$f" ] && { echo "$f"; return 0; } ;;
    esac
  done
  return 0
}

# Builds the jar when it is missing or older than any source file or the pom.
ensure_jar() {
  local jar
  jar=$(project_jar)
  if [ -z "$jar" ] || [ -n "$(find "$PROJECT_DIR/src/main" "$PROJECT_DIR/pom.xml" -newer "$jar" -print -quit)" ]; then
    if [ -z "$jar" ]; then
      echo "building the jar (mvn package; the first build downloads Spark from Maven Central: a few minutes) …" >&2
    else
      echo "rebuilding the jar (mvn package): the sources changed …" >&2
    fi
    (cd "$PROJECT_DIR" && mvn -q -B -DskipTests package) >&2 || { echo "error: the build failed" >&2; exit 1; }
  fi
}

# The JIT's settings every JVM of a run gets: the -XX: lines of jobs/conf/spark-jvm.args (a local
# run's JVM reads the file itself; under spark-submit they are the driver's and the executors'
# options). One line, space-separated.
jit_flags() {
  grep '^-XX:' "$PROJECT_DIR/jobs/conf/spark-jvm.args" | tr '\n' ' ' | sed 's/ *$//'
}

# Spark and its dependencies from the local Maven repository, for runs without a Spark install.
ensure_classpath() {
  local cp="$PROJECT_DIR/target/classpath.txt"
  if [ ! -s "$cp" ] || [ "$PROJECT_DIR/pom.xml" -nt "$cp" ]; then
    (cd "$PROJECT_DIR" && mvn -q -B dependency:build-classpath -DincludeScope=compile \
      -Dmdep.outputFile="$cp") >&2 || { echo "error: cannot resolve Spark from Maven" >&2; exit 1; }
    # the plugin leaves an unchanged list as it was, older than the pom: without this every later
    # run would resolve it again (4.7 s each, after any edit of the pom)
    touch "$cp"
  fi
}

# The libraries the job needs beyond Spark: picocli (the command lines), jte (the report's templates), Apache POI (for .xlsx workbooks) and the three jars it
# brings that a Spark distribution does not hold (xmlbeans, SparseBitSet, curvesapi; the commons-*
# and log4j jars it needs are Spark's own). spark-submit ships them with --jars. Their paths in the
# local Maven repository, as one class path. jobs/cluster-test.sh starts its cluster without them,
# so a library missing from this list fails that test, as it would fail on a real cluster.
JOB_LIBRARY_GROUPS=org.apache.poi,org.apache.xmlbeans,com.zaxxer,com.github.virtuald,info.picocli,gg.jte
ensure_job_libraries() {
  local f="$PROJECT_DIR/target/job-libraries.txt"
  if [ ! -s "$f" ] || [ "$PROJECT_DIR/pom.xml" -nt "$f" ]; then
    (cd "$PROJECT_DIR" && mvn -q -B dependency:build-classpath -DincludeScope=runtime \
      -DincludeGroupIds="$JOB_LIBRARY_GROUPS" -Dmdep.outputFile="$f") >&2 || { echo "error: cannot resolve the job's libraries from Maven" >&2; exit 1; }
    touch "$f"
  fi
}

# The job's libraries as spark-submit's --jars wants them: comma-separated.
job_library_jars() {
  ensure_job_libraries
  tr ':' ',' < "$PROJECT_DIR/target/job-libraries.txt"
}

# The tools (src/tools: data generators, the benchmark's DuckDB reference) are compiled with the
# tests, never into the job's jar. Builds them when missing or older than a source file, and
# writes their class path (the job's, plus test-scope libraries such as DuckDB's driver).
ensure_tools() {
  local cp="$PROJECT_DIR/target/tools-classpath.txt" stamp="$PROJECT_DIR/target/test-classes/org/burdenwatch/sample"
  if [ ! -d "$stamp" ] || [ -n "$(find "$PROJECT_DIR/src" "$PROJECT_DIR/pom.xml" -newer "$stamp" -name '*.java' -print -quit)" ] \
     || [ ! -s "$cp" ] || [ "$PROJECT_DIR/pom.xml" -nt "$cp" ]; then
    echo "building the tools (mvn test-compile) …" >&2
    (cd "$PROJECT_DIR" && mvn -q -B test-compile dependency:build-classpath -DincludeScope=test \
      -Dmdep.outputFile="$cp") >&2 || { echo "error: the tools did not build" >&2; exit 1; }
    touch "$stamp" "$cp"
  fi
}

# tool CLASS [ARGS...]: runs a tool with Spark in local mode (spark.master from TOOL_MASTER,
# default local[*]); run_tool does the same in place of the script.
tool() {
  local main=$1
  shift
  ensure_tools
  java ${JAVA_OPTS:--Xmx4g} @"$PROJECT_DIR/jobs/conf/spark-jvm.args" "-Dspark.master=${TOOL_MASTER:-local[*]}" \
    "-Dlog4j2.configurationFile=file:$PROJECT_DIR/jobs/conf/log4j2.properties" \
    -cp "$PROJECT_DIR/target/classes:$PROJECT_DIR/target/test-classes:$(cat "$PROJECT_DIR/target/tools-classpath.txt")" \
    "$main" "$@"
}
run_tool() {
  tool "$@"
  exit $?
}

# A Hive metastore for local runs: Derby under metastore/ in the project, so tables registered by
# jobs/run.sh --database outlive the run and jobs/query.sh --metastore sees them. Only for runs
# without a Spark install: with spark-submit, the cluster's own hive-site.xml decides.
use_local_metastore() {
  [ -n "$(find_spark_submit)" ] && return 0
  mkdir -p "$PROJECT_DIR/metastore"
  SPARK_CONFS+=("spark.sql.catalogImplementation=hive"
    "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$PROJECT_DIR/metastore/metastore_db;create=true"
    "spark.sql.warehouse.dir=$PROJECT_DIR/metastore/warehouse"
    "spark.hadoop.derby.system.home=$PROJECT_DIR/metastore")
}

# run_main CLASS MASTER [ARGS...]: runs CLASS with the Spark settings in SPARK_CONFS.
run_main() {
  local main=$1 master=$2
  shift 2
  local spark_submit
  spark_submit=$(find_spark_submit)
  ensure_jar
  local jar
  jar=$(project_jar)
  local log4j="file:$PROJECT_DIR/jobs/conf/log4j2.properties"
  # In local mode nothing re-offers a delayed task once the running ones finish (no periodic
  # revive as on a cluster manager), so a stage whose inputs name hosts other than this one (HDFS
  # block locations) can wait forever: no locality wait on one machine.
  case "${master:-local[*]}" in local*) SPARK_CONFS+=("spark.locality.wait=0s") ;; esac
  if [ -n "$spark_submit" ]; then
    local jit
    jit=$(jit_flags)
    local args=(--class "$main" --master "${master:-local[*]}" --jars "$(job_library_jars)"
      --driver-java-options "-Dlog4j2.configurationFile=$log4j $jit"
      --conf "spark.executor.extraJavaOptions=$jit")
    local c
    for c in "${SPARK_CONFS[@]}"; do args+=(--conf "$c"); done
    exec "$spark_submit" "${args[@]}" "$jar" "$@"
  fi
  ensure_classpath
  local props=("-Dspark.master=${master:-local[*]}" "-Dlog4j2.configurationFile=$log4j")
  # Spark's progress bar on a terminal only: in a log file it is noise
  [ -t 2 ] && props+=("-Dspark.ui.showConsoleProgress=true")
  local c
  for c in "${SPARK_CONFS[@]}"; do props+=("-D$c"); done
  local jvm=(${JAVA_OPTS:-$(local_heap)})
  if [ -z "${JAVA_OPTS:-}" ]; then
    if [ "$SHORT_RUN" = 1 ]; then jvm+=("${SHORT_RUN_JVM[@]}" "${SHORT_RUN_HEAP[@]}"); else jvm+=("${LOCAL_RUN_JVM[@]}"); fi
  fi
  local cp
  cp=$(job_classpath)
  local archive
  archive=$(class_data_archive "$cp")
  if [ -z "$archive" ] || [ -s "$archive" ]; then
    [ -n "$archive" ] && jvm+=("-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
    exec java "${jvm[@]}" @"$PROJECT_DIR/jobs/conf/spark-jvm.args" "${props[@]}" -cp "$cp" "$main" "$@"
  fi
  # No archive for this build yet: this run writes one as it exits, under a name of its own, and
  # puts it in place only when the run succeeded (a killed dump is never used; a refused or failed
  # run may end before Spark's classes are loaded, and its archive would slow every later run).
  local pending="$archive.$$.tmp" status=0 pid
  echo "note: this first run of the build also writes a class-data archive (target/cds/) so that later runs start faster; about 30 s more, once" >&2
  java "${jvm[@]}" "-XX:ArchiveClassesAtExit=$pending" -Xlog:cds=off -Xlog:cds+dynamic=off \
    @"$PROJECT_DIR/jobs/conf/spark-jvm.args" "${props[@]}" -cp "$cp" "$main" "$@" &
  pid=$!
  # without exec, a signal to this script is passed on to the JVM
  trap 'kill -TERM $pid 2>/dev/null' TERM INT HUP
  wait $pid || status=$?
  while kill -0 $pid 2>/dev/null; do wait $pid || status=$?; done # a trapped signal interrupts wait
  trap - TERM INT HUP
  if [ "$status" -eq 0 ] && [ -s "$pending" ]; then
    mv -f "$pending" "$archive" 2>/dev/null || rm -f "$pending"
  else
    rm -f "$pending"
  fi
  exit "$status"
}

# The job's class path for local runs: its jar, then Spark and its dependencies (ensure_jar and
# ensure_classpath first).
job_classpath() {
  echo "$(project_jar):$(cat "$PROJECT_DIR/target/classpath.txt")"
}

# class_data_archive CLASSPATH: where the class-data sharing archive of this build
# lives (target/cds/KEY.jsa, which may not exist yet), or nothing when it is off. A JVM maps the
# classes an earlier run loaded (Spark's ≈16,000) from the archive instead of reading and verifying
# each again: a query on the sample's output starts in 8 s instead of 15, the sample's run takes
# 42 s instead of 51 (docs/performance.md). An archive only fits the jar, class path and JDK it was
# written with, so they are its name (a JVM whose options do not fit it, such as a heap over 32 GiB,
# runs without it: it is an optimisation, never a requirement). BURDEN_CDS=0 turns it off; BURDEN_CDS=read
# uses an archive but never writes one (the benchmark: no dump inside a timed run).
class_data_archive() {
  local mode=${BURDEN_CDS:-1}
  [ "$mode" = 0 ] && return 0
  local dir="$PROJECT_DIR/target/cds" key
  # the JDK by its files (the java binary, the JVM library, its release file), not by starting a
  # `java -version` (0.2 s of every launch); a JVM given an archive of another build ignores it
  local java_bin jdk
  java_bin=$(readlink -f "$(command -v java)") || true
  jdk=$(dirname "$(dirname "${java_bin:-/}")")
  key=$( { printf '%s\n' "$1"; stat -c '%n %s %Y' "${1%%:*}" "$java_bin" "$jdk"/lib/server/libjvm.so "$jdk"/release 2>/dev/null \
    || true; } | sha1sum | cut -c1-16)
  if [ ! -s "$dir/$key.jsa" ]; then
    [ "$mode" = read ] && return 0
    # a project folder this user cannot write: run without an archive (never a dump that cannot land)
    mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
    # archives of earlier builds (ours, under target/) and dumps that were killed long ago
    find "$dir" -maxdepth 1 \( -name '*.jsa' -o \( -name '*.tmp' -mmin +120 \) \) -delete 2>/dev/null || true
  fi
  echo "$dir/$key.jsa"
}

# median NUMBER...: the middle value (the mean of the middle two for an even count), for the benches
median() {
  printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
