#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1: a master and two workers started from the Spark
# jars Maven resolved (the classes spark-class would start), the project's jar submitted through
# Spark's own SparkSubmit. Checks:
#   1. the job on both workers, one of them killed while the indicators stage runs: the job still
#      finishes, and its county table equals the local-mode one, row for row;
#   2. the driver killed while it writes: the previous outputs stay complete and readable, no
#      half-written table is visible, a rerun is refused before it asks the master for anything, and
#      the rerun with --break-lock finishes with the same rows;
#   3. 1% garbage lines in a 5M-row input (--garbage-rows to change): every one quarantined, and
#      read = accepted + quarantined + duplicates for every record type.
# The local-mode reference is a run of jobs/run.sh on data/sample, or the output of one given with
# --local-output (CI passes the README's first run). Every process it starts it stops by its own
# process id, also on failure.
#   jobs/cluster-test.sh [--garbage-rows 5000000] [--local-output DIR] [--keep]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
step() { echo "== [$((SECONDS / 60))m$((SECONDS % 60))s] $*"; }

garbage_rows=5000000
local_output=
keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --garbage-rows) garbage_rows=${2:?}; shift 2 ;;
    --local-output) local_output=${2:?}; shift 2 ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument $1" >&2; exit 2 ;;
  esac
done

ensure_jar
ensure_classpath
JAR=$(project_jar)
WORK=$(mktemp -d /tmp/burden-cluster.XXXXXX)
PIDS=()

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ "$keep" = false ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi # our own temporary folder
}
trap stop_all EXIT

# A Spark home the launcher code understands: jars/ holding the jars Maven resolved for Spark, and
# not the job's own libraries (picocli, POI): those travel with the submission (--jars), as on a real cluster.
SPARK_HOME="$WORK/spark-home"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
JOB_JARS=$(job_library_jars)
tr ':' '\n' < "$PROJECT_DIR/target/classpath.txt" | while read -r jar; do
  case ",$JOB_JARS," in *",$jar,"*) ;; *) ln -s "$jar" "$SPARK_HOME/jars/" ;; esac
done
# warnings, plus the deploy messages this script waits for (leader elected, worker registered)
cat "$PROJECT_DIR/jobs/conf/log4j2.properties" - > "$SPARK_HOME/conf/log4j2.properties" <<'EOF'
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
EOF
export SPARK_HOME SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
JVM=(java @"$PROJECT_DIR/jobs/conf/spark-jvm.args" -cp "$CP")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MASTER_PORT=$(free_port)
MASTER_URL="spark://127.0.0.1:$MASTER_PORT"

start_master() {
  "${JVM[@]}" -Xmx512m -Dlog4j2.configurationFile="file:$SPARK_HOME/conf/log4j2.properties" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$MASTER_PORT" \
    --webui-port "$(free_port)" > "$WORK/master.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -qs "I have been elected leader" "$WORK/master.log" && return 0; sleep 1; done
  echo "FAIL the master did not start"; tail -20 "$WORK/master.log"; exit 1
}

# start_worker N: a worker with 1 core and 3 GiB for executors; its pid in WORKER_PID[N]
declare -A WORKER_PID
start_worker() {
  local n=$1
  mkdir -p "$WORK/worker$n"
  "${JVM[@]}" -Xmx512m -Dlog4j2.configurationFile="file:$SPARK_HOME/conf/log4j2.properties" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 3g \
    --webui-port "$(free_port)" --work-dir "$WORK/worker$n" "$MASTER_URL" > "$WORK/worker$n.log" 2>&1 &
  WORKER_PID[$n]=$!
  PIDS+=($!)
  for _ in $(seq 1 60); do grep -qs "Successfully registered with master" "$WORK/worker$n.log" && return 0; sleep 1; done
  echo "FAIL worker $n did not register"; tail -20 "$WORK/worker$n.log"; exit 1
}

# The driver and the executors run with the launchers' short-run flags (lib.sh: C1 only, the
# parallel collector): each application's JVMs live for a minute or two, where C2 and G1's
# concurrent work cost two cores more than they return (C1 alone: the whole test 5 min 45 s against
# 7 min 28 s, 447 against 683 CPU-seconds, the 1M-row step included: 2 min 11 s against 2 min 55 s).
APP_JIT="${SHORT_RUN_JVM[*]}"

# submit NAME ARGS...: SparkSubmit in the background, its pid in SUBMIT_PID
submit() {
  local name=$1; shift
  # shellcheck disable=SC2086 # APP_JIT is a list of flags
  "${JVM[@]}" $APP_JIT -Xmx2g -Dlog4j2.configurationFile="file:$SPARK_HOME/conf/log4j2.properties" \
    org.apache.spark.deploy.SparkSubmit --master "$MASTER_URL" --deploy-mode client \
    --class org.burdenwatch.jobs.BurdenIndicatorsJob \
    --conf spark.executor.memory=2g --conf spark.executor.cores=1 --conf spark.cores.max=2 \
    --conf spark.sql.shuffle.partitions=4 --conf spark.ui.enabled=false \
    --conf "spark.executor.extraJavaOptions=$(jit_flags) $APP_JIT" --jars "$JOB_JARS" \
    "$JAR" "$@" > "$WORK/$name.log" 2>&1 &
  SUBMIT_PID=$!
  PIDS+=($!)
}

# county_csv OUT FILE: the county table, sorted, as CSV (through the analyst's query command)
county_csv() {
  rm -f "$2"
  "$PROJECT_DIR/jobs/query.sh" --output "$1" --csv "$2" \
    "select * from county_indicators order by division_code, period_type, period" > /dev/null
}

# same_as_local CSV WHAT: the county table in CSV equals local mode's, byte for byte, or the test fails
# (a bare `cmp && echo` would not: set -e ignores a failure on the left of &&)
same_as_local() {
  cmp "$WORK/local.csv" "$1" || { echo "FAIL the county table differs from local mode's ($1)"; exit 1; }
  echo "ok: $2"
}

step "local mode reference"
if [ -z "$local_output" ]; then
  local_output="$WORK/local"
  "$PROJECT_DIR/jobs/run.sh" --output "$local_output" > "$WORK/local.log" 2>&1
fi
county_csv "$local_output" "$WORK/local.csv"

step "cluster: a master and two workers on 127.0.0.1"
start_master
start_worker 1
start_worker 2

step "1. the job on both workers, one killed while the indicators stage runs, equals local mode"
submit run1 --input "$PROJECT_DIR/data/sample" --output "$WORK/cluster"
for _ in $(seq 1 600); do # the indicators stage starts once the last record type is staged
  ls -d "$WORK"/cluster/_staging/*/duplicates/reported_figures > /dev/null 2>&1 && break
  kill -0 "$SUBMIT_PID" 2>/dev/null || break
  sleep 0.2
done
kill -0 "$SUBMIT_PID" 2>/dev/null || { echo "FAIL the job ended before the worker could be killed"; exit 1; }
grep -q "app-" "$WORK/worker1.log" && grep -q "app-" "$WORK/worker2.log" \
  || { echo "FAIL both workers should have run executors"; exit 1; }
# the executor the worker started exits by itself once its worker is gone; stop it by pid if it does not
for child in $(pgrep -P "${WORKER_PID[1]}" || true); do PIDS+=("$child"); done
kill -KILL "${WORKER_PID[1]}"
echo "killed worker 1 (pid ${WORKER_PID[1]}) during the indicators stage"
wait "$SUBMIT_PID" || { echo "FAIL the job did not survive the lost worker"; tail -20 "$WORK/run1.log"; exit 1; }
grep -q "succeeded" "$WORK/run1.log"
county_csv "$WORK/cluster" "$WORK/cluster.csv"
same_as_local "$WORK/cluster.csv" "finished on the remaining worker; $(($(wc -l < "$WORK/local.csv") - 1)) county rows equal local mode's"
start_worker 1

step "2. the driver killed while it writes"
before=$(cd "$WORK/cluster" && find . -path ./_staging -prune -o -path ./runs -prune -o -type f -print | sort | xargs md5sum)
# --full: a rerun of the same input would otherwise be incremental and have nothing to write
submit run2 --input "$PROJECT_DIR/data/sample" --output "$WORK/cluster" --full
for _ in $(seq 1 600); do
  ls -d "$WORK"/cluster/_staging/*/clean/meetings > /dev/null 2>&1 && break
  sleep 0.2
done
kill -KILL "$SUBMIT_PID"
wait "$SUBMIT_PID" 2>/dev/null || true
echo "killed the driver (pid $SUBMIT_PID) while it was writing"
after=$(cd "$WORK/cluster" && find . -path ./_staging -prune -o -path ./runs -prune -o -path ./_lock.json -prune -o -type f -print | sort | xargs md5sum)
[ "$before" = "$after" ] || { echo "FAIL the published tables changed"; diff <(echo "$before") <(echo "$after") | head; exit 1; }
county_csv "$WORK/cluster" "$WORK/after-kill.csv"
same_as_local "$WORK/after-kill.csv" "the previous outputs are complete and readable"
# the killed driver's lock stands: a rerun is refused naming it, then takes over on request
apps=$(grep -c "Registering app" "$WORK/master.log" || true)
started=$SECONDS
submit run3-refused --input "$PROJECT_DIR/data/sample" --output "$WORK/cluster" --full
if wait "$SUBMIT_PID"; then echo "FAIL a run started while the killed driver's lock stood"; exit 1; fi
grep -q "is being written by run" "$WORK/run3-refused.log" || { echo "FAIL the refusal does not name the holder"; tail -5 "$WORK/run3-refused.log"; exit 1; }
# refused by the checks before the session: the master never heard of it (no executors asked for)
[ "$(grep -c "Registering app" "$WORK/master.log" || true)" = "$apps" ] \
  || { echo "FAIL the refused run registered an application with the master"; exit 1; }
echo "ok: a rerun is refused while the killed driver's lock stands ($((SECONDS - started)) s, no application registered)"
submit run3 --input "$PROJECT_DIR/data/sample" --output "$WORK/cluster" --full --break-lock
wait "$SUBMIT_PID" || { echo "FAIL the rerun failed"; tail -20 "$WORK/run3.log"; exit 1; }
county_csv "$WORK/cluster" "$WORK/rerun.csv"
same_as_local "$WORK/rerun.csv" "the rerun finished with the same rows"
[ -z "$(ls -A "$WORK/cluster/_staging" 2>/dev/null)" ] || { echo "FAIL staging left behind"; exit 1; }

step "3. 1% garbage lines in a ${garbage_rows}-row input"
"$PROJECT_DIR/jobs/generate.sh" --counties 300 --task-rows "$garbage_rows" --bad-fraction 0.01 \
  --output "$WORK/garbage-in" > "$WORK/generate.log" 2>&1
submit run4 --input "$WORK/garbage-in" --output "$WORK/garbage-out"
wait "$SUBMIT_PID" || { echo "FAIL the garbage run failed"; tail -20 "$WORK/run4.log"; exit 1; }
"$PROJECT_DIR/jobs/query.sh" --output "$WORK/garbage-out" --csv "$WORK/garbage-runs.csv" \
  "select record_type, records_read, accepted, quarantined, duplicates from runs where supplied order by record_type" > /dev/null
python3 - "$WORK/garbage-in/_generated.json" "$WORK/garbage-runs.csv" <<'EOF'
import csv, json, sys
generated = json.load(open(sys.argv[1]))["rows"]
ok = True
for row in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
    t, read, acc, q, dup = row["record_type"], *(int(row[k]) for k in ("records_read", "accepted", "quarantined", "duplicates"))
    want = generated[t]
    good = read == acc + q + dup and read == want["rows"] and q == want["garbage"]
    ok &= good
    print(f"{'ok' if good else 'FAIL'}: {t}: read {read} = accepted {acc} + quarantined {q} + duplicates {dup}; garbage written {want['garbage']}")
sys.exit(0 if ok else 1)
EOF
step "cluster test passed"
