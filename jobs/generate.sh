#!/usr/bin/env bash
# Generates a national-scale input tree in parallel with Spark (records.md layout: divisions CSV,
# documents / platforms / platform_tasks JSON Lines, meetings CSV), deterministic for a seed.
#   jobs/generate.sh --output DIR [--counties 2844] [--townships-per-county 13] [--task-rows 20000000]
#                    [--first-year 2023] [--years 2] [--first-month YYYY-MM --months N] [--id-prefix P]
#                    [--bad-fraction 0.01] [--seed N] [--files N] [--master URL]
# Documents are task rows / 20, meetings task rows / 80, platforms 6 per county. DIR must be new or empty.
# --first-month/--months spread the events over those months; --id-prefix starts every record id and
# file name with P, so a later month generated apart adds to a tree without repeating its keys.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
master=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --master) master=${2:?--master needs a URL}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
run_main org.burdenwatch.sample.NationalGenerator "$master" "${args[@]}"
