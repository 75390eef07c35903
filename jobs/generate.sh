#!/usr/bin/env bash
# Generates a national-scale input tree in parallel with Spark (records.md layout: divisions CSV,
# documents / platforms / platform_tasks JSON Lines, meetings CSV), deterministic for a seed.
#   jobs/generate.sh --output DIR [--counties 2844] [--townships-per-county 13] [--task-rows 20000000]
#                    [--first-year 2023] [--years 2] [--first-month YYYY-MM --months N] [--id-prefix P]
#                    [--bad-fraction 0.01] [--seed N] [--files N] [--master local[N]]
# Documents are task rows / 20, meetings task rows / 80, platforms 6 per county. DIR must be new or empty.
# The generator is a tool (src/tools), not part of the job's jar: it runs in local mode on this machine.
# --first-month/--months spread the events over those months; --id-prefix starts every record id and
# file name with P, so a later month generated apart adds to a tree without repeating its keys.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
master=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=${2:?--master needs local or local[N]}; shift 2
      case "$master" in local*) ;; *) echo "error: the generator runs on this machine: --master local[N], not $master" >&2; exit 2 ;; esac ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
TOOL_MASTER=${master:-local[*]} run_tool org.burdenwatch.sample.NationalGenerator "${args[@]}"
