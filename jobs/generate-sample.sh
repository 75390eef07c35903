#!/usr/bin/env bash
# Regenerates the sample input tree (deterministic for a seed). The generator is a tool
# (src/tools), built with the tests, not part of the job's jar.
#   jobs/generate-sample.sh [--output data/sample] [--seed 20240824]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# the default output is the project's data/sample; a later --output wins
run_tool org.burdenwatch.sample.SampleDataGenerator --output "$PROJECT_DIR/data/sample" "$@"
