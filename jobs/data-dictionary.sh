#!/usr/bin/env bash
# Regenerates docs/data-dictionary.md from the code (output/DataDictionary.java, the indicator
# catalogue and the record types). A test fails while the committed file differs from the code.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_jar
ensure_classpath
java -cp "$(project_jar):$(cat "$PROJECT_DIR/target/classpath.txt")" org.burdenwatch.output.DataDictionary \
  "$PROJECT_DIR/docs/data-dictionary.md"
