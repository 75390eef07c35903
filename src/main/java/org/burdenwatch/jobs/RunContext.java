package org.burdenwatch.jobs;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.output.TableStore;

/**
 * What every stage of one run uses: its session, its admission (id, config, input, targets,
 * locked output), the staged tables, the clock of its stages, its notes for the summary and when
 * it started. Nothing in it changes between stages but the notes they add.
 */
record RunContext(SparkSession spark, Admission admitted, TableStore store, StageClock clock, List<String> notes,
                  String startedAt) {
}
