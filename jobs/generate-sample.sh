#!/usr/bin/env bash
# Regenerates the sample input tree (deterministic for a seed).
#   jobs/generate-sample.sh [--output data/sample] [--seed 20240824]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_jar
ensure_classpath
# the default output is the project's data/sample; a later --output wins
exec java -cp "$(project_jar):$(cat "$PROJECT_DIR/target/classpath.txt")" org.burdenwatch.sample.SampleDataGenerator \
  --output "$PROJECT_DIR/data/sample" "$@"
