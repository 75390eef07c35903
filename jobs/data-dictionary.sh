#!/usr/bin/env bash
# Regenerates docs/data-dictionary.md: the dictionary's labels, units and definitions
# (each domain's column entries, gathered by jobs/DataDictionary.java) with the types the job
# writes, taken from a run of the job on data/sample in a temporary folder (removed afterwards).
# A test fails while the committed page differs from the code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/burden-dictionary.XXXXXX")
trap 'rm -rf -- "$scratch"' EXIT
"$PROJECT_DIR/jobs/run.sh" --input "$PROJECT_DIR/data/sample" --output "$scratch/output" >/dev/null
tool org.burdenwatch.docs.DataDictionaryPage "$scratch/output" "$PROJECT_DIR/docs/data-dictionary.md"
