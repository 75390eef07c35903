package org.burdenwatch.jobs;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.output.TableStore;

/**
 * What every stage of one run uses: its session, its admission (id, config, input, targets,
 * locked output), the staged tables, the clock of its stages, its notes for the summary and when
 * it started. Nothing in it changes between stages but the notes they add.
 */
record RunContext(SparkSession spark, Admission admitted, TableStore store, StageClock clock, List<String> notes,
                  String startedAt) {

    /** The indicator sources whose record types the input supplies. */
    Set<IndicatorSource> supplied() {
        Set<IndicatorSource> out = EnumSet.noneOf(IndicatorSource.class);
        for (IndicatorSource s : IndicatorSource.values()) {
            if (admitted.inventory().of(s.recordType()).supplied()) {
                out.add(s);
            }
        }
        return out;
    }
}
