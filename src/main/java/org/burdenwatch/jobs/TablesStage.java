package org.burdenwatch.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.audit.ReportedFiguresAudit;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.TouchedPeriods;
import org.burdenwatch.indicators.DataCompleteness;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.revisions.Revisions;
import org.burdenwatch.targets.TargetEvaluation;
import org.burdenwatch.targets.YearEndProjection;
import org.burdenwatch.validation.DivisionDirectory;

/**
 * The indicator tables of one run, their reads and writes: from the facts, the county table
 * ({@link IndicatorTables}) with its completeness and targets ({@link TargetEvaluation}, {@link
 * YearEndProjection}), the township table, each stored one file per period type and year (so that
 * a rerun keeps the files of the periods it does not recompute, {@link TouchedPeriods}); then the
 * audit of reported figures ({@link ReportedFiguresAudit}).
 */
final class TablesStage {
    private TablesStage() {
    }

    /**
     * The periods a rerun recomputes (null: all): after a full parse, or without the published
     * tables and facts of an earlier run ({@code previous}: its summary), every period; otherwise
     * those the changed months touch.
     */
    static Set<Period> touchedPeriods(TableStore store, IncrementalPlan plan, RunSummary previous,
                                      FactsStage.MonthsCovered covered) {
        if (plan.recomputeAllPeriods() || previous == null || previous.periods() == null
                || !store.isPublished(OutputTable.COUNTY_INDICATORS) || !store.isPublished(OutputTable.FACTS)) {
            return null;
        }
        return TouchedPeriods.of(covered.first(), covered.last(), previous.periods().published(), covered.changed());
    }

    /**
     * Writes the county table (with each division's targets missed), the targets and the township
     * table for the periods of the covered months ({@code touched}: only the type-years holding one
     * of them; their year-on-year bases come from the facts of the year before).
     */
    static void write(RunContext run, DivisionDirectory divisions, FactsStage.MonthsCovered covered, Set<Period> touched,
                      RevisionsStage revisions) {
        IndicatorTables.partitionedByDivision(run.spark(), () -> writePartitionedByDivision(run, divisions, covered,
                touched, revisions));
    }

    private static void writePartitionedByDivision(RunContext run, DivisionDirectory divisions,
                                                   FactsStage.MonthsCovered covered, Set<Period> touched,
                                                   RevisionsStage revisions) {
        TableStore store = run.store();
        TargetsFile targets = run.admitted().targets();
        Set<IndicatorSource> supplied = run.supplied();
        TouchedPeriods.Written written = TouchedPeriods.written(covered.first(), covered.last(), touched);
        // only the periods written are computed: a period's year-before values come from the facts with
        // its own (IndicatorTables), not from the rows of the periods a year before; the year-end
        // projection of the records' last year reads the months of the year before, and those not
        // written are in files this run keeps: read as published (2.4M task rows, the 13th month: the
        // county table's grid 4 periods instead of 16)
        IndicatorTables.Periods periods = new IndicatorTables.Periods(written.periods(), covered.first(), covered.last());
        IndicatorTables.Model model = new IndicatorTables.Model(targets.parameters(),
                store.read(OutputTable.clean(RecordType.ASSESSMENTS)));
        Dataset<Row> facts = store.read(OutputTable.FACTS);
        List<String> given = DataCompleteness.sourceNames(supplied);
        Dataset<Row> completeness = DataCompleteness.perPeriod(store.read(OutputTable.COMPLETENESS), periods.column(),
                Set.copyOf(given));
        // these rows feed the county table, the targets and their year-end projections: computed once (a
        // small table, divisions × periods), where each would compute them again (docs/performance.md)
        Dataset<Row> county = IndicatorTables.withCompleteness(
                        IndicatorTables.countyTable(run.spark(), facts, supplied, divisions, periods, model), completeness)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> projectionMonths = YearEndProjection.countyMonths(county, written.projectionMonthsKept().isEmpty()
                    ? null : store.readPublished(OutputTable.COUNTY_INDICATORS), written.projectionMonthsKept());
            Map<OutputTable, Dataset<Row>> tables = new LinkedHashMap<>();
            tables.put(OutputTable.COUNTY_INDICATORS,
                    revisions.county(TargetEvaluation.withTargetsMissed(county, targets), divisions, periods));
            tables.put(OutputTable.TARGETS, YearEndProjection.withProjections(TargetEvaluation.evaluate(county, targets,
                            revisions.firstBases()),
                    projectionMonths, targets, covered.first(), covered.last()));
            store.writeByPeriod(tables, written.typeYears());
        } finally {
            county.unpersist();
        }
        store.writeByPeriod(Map.of(OutputTable.TOWNSHIP_INDICATORS,
                IndicatorTables.townshipTable(run.spark(), facts, supplied, divisions, periods, model)), written.typeYears());
        revisions.township(store.read(OutputTable.TOWNSHIP_INDICATORS), periods); // as written: the periods computed
        if (touched != null) {
            for (OutputTable t : List.of(OutputTable.COUNTY_INDICATORS, OutputTable.TARGETS,
                    OutputTable.TOWNSHIP_INDICATORS)) {
                store.carryOverFiles(t, written.keptTypeYears());
            }
        }
    }

    /**
     * Writes the audit of reported figures against the county table this run publishes (when the
     * input holds reported figures and there are periods to audit them against).
     */
    static void writeAudit(RunContext run) {
        TableStore store = run.store();
        Dataset<Row> county = store.read(OutputTable.COUNTY_INDICATORS);
        if (!run.admitted().inventory().of(RecordType.REPORTED_FIGURES).supplied() || county == null) {
            return;
        }
        Dataset<Row> reported = store.read(OutputTable.clean(RecordType.REPORTED_FIGURES));
        // the bases as first published, from every revision the output holds (none: no join, no Spark job)
        Dataset<Row> revisions = store.rows(OutputTable.REVISIONS) == 0 ? null : store.read(OutputTable.REVISIONS);
        store.write(OutputTable.AUDIT, ReportedFiguresAudit.audit(reported, county, Indicators.withYearOnYear(),
                revisions == null ? null : Revisions.firstPublishedBases(revisions, ReportedFiguresAudit.FIRST_PUBLISHED_PREV)));
    }
}
