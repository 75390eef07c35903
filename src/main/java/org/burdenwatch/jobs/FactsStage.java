package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.incremental.FactsUpdate;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.indicators.DataCompleteness;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RoutedParquetWrite;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.ValueColumns;

/**
 * The facts stage of one run, its reads and writes: the monthly facts (records aggregated once per
 * county, township and month, {@link FactsUpdate}) and quality/completeness ({@link DataCompleteness}),
 * over the months documents and meetings cover.
 */
final class FactsStage {
    private FactsStage() {
    }

    /**
     * The months documents and meetings cover ({@code first} to {@code last}), and those whose facts
     * or completeness this run changed (their periods are recomputed).
     */
    record MonthsCovered(YearMonth first, YearMonth last, Set<YearMonth> changed) {
        /** How many periods (months, quarters, halves, years) the months overlap. */
        int periods() {
            return Period.overlapping(first, last).size();
        }
    }

    /**
     * Writes the facts and the completeness of each division's records month by month, over the
     * months documents and meetings cover (those parsed by this run, and the published ones it
     * keeps); null when no document or meeting record gives the run a period.
     */
    static MonthsCovered run(RunContext run, ValidateStage.Result validated) {
        TableStore store = run.store();
        Set<IndicatorSource> supplied = run.supplied();
        TreeSet<YearMonth> covered = new TreeSet<>();
        for (IndicatorSource source : IndicatorSource.PERIOD_SOURCES) {
            if (supplied.contains(source)) {
                covered.addAll(validated.monthsParsed().getOrDefault(source.recordType(), Set.of()));
                if (validated.plan().of(source.recordType()).action() != IncrementalPlan.Action.REBUILD) {
                    covered.addAll(publishedMonths(store, source));
                }
            }
        }
        if (covered.isEmpty()) {
            return null;
        }
        YearMonth first = covered.first();
        YearMonth last = covered.last();
        Set<YearMonth> changed = new TreeSet<>(writeFacts(run, validated.plan(), first, last));
        // a month whose completeness changed changes its periods' data_complete and targets
        changed.addAll(writeCompleteness(run, validated, first, last));
        return new MonthsCovered(first, last, changed);
    }

    /** The months the published facts hold a record of a source in (an incremental run's kept records). */
    private static Set<YearMonth> publishedMonths(TableStore store, IndicatorSource source) {
        Set<YearMonth> out = new TreeSet<>();
        if (!store.isPublished(OutputTable.FACTS)) {
            return out;
        }
        // the distinct months of one source: a few hundred rows at most, not records
        for (Row r : store.readPublished(OutputTable.FACTS).filter(col(Facts.SOURCE).equalTo(source.name()))
                .select(col(Facts.MONTH)).distinct().collectAsList()) {
            out.add(Facts.monthOf(r.get(0)));
        }
        return out;
    }

    /**
     * Writes the facts, one file set per year: a run that only appends rewrites the years its new
     * records fall in (and those the platforms' periods grow into) and keeps the published files of
     * the others. Returns the months that hold a new record (counted by the write).
     */
    private static Set<YearMonth> writeFacts(RunContext run, IncrementalPlan plan, YearMonth first, YearMonth last) {
        TableStore store = run.store();
        Set<IndicatorSource> supplied = run.supplied();
        FactsUpdate update = new FactsUpdate(plan, store.isPublished(OutputTable.FACTS));
        if (update.keepsTable()) {
            store.keep(OutputTable.FACTS);
            return Set.of();
        }
        Set<Integer> platformYears = supplied.contains(IndicatorSource.PLATFORMS) ? FactsUpdate.yearsOf(first, last)
                : Set.of();
        Map<IndicatorSource, Dataset<Row>> clean = new LinkedHashMap<>();
        for (IndicatorSource source : IndicatorSource.values()) {
            if (source.isEvent() && supplied.contains(source)) {
                clean.put(source, store.read(OutputTable.clean(source.recordType())));
            }
        }
        Set<Integer> publishedYears = update.rewritesSomeYears() ? store.publishedYears(OutputTable.FACTS) : null;
        // the years this run writes (null: every year)
        Set<Integer> years = publishedYears == null ? null : update.yearsToRewrite(clean, platformYears, publishedYears);
        if (years != null && years.isEmpty()) {
            store.keep(OutputTable.FACTS); // no new clean record, no new year: the same sums
            return Set.of();
        }
        Dataset<Row> facts = update.facts(clean, supplied.contains(IndicatorSource.PLATFORMS)
                        ? store.read(OutputTable.clean(RecordType.PLATFORMS)) : null,
                update.readsPublished() ? store.readPublished(OutputTable.FACTS) : null, platformYears, years);
        if (facts == null) {
            store.writeLocal(OutputTable.FACTS, Facts.schema(), List.of());
            return Set.of();
        }
        // every year a clean record's date may fall in: validation quarantines a date outside the window
        Set<Integer> written = years != null ? years : run.admitted().targets().parameters()
                .plausibleYears(LocalDate.now(ZoneId.of(ValueColumns.ZONE)));
        // the months new records fall in, counted by the write itself
        RoutedParquetWrite.Result result = store.writeByYear(OutputTable.FACTS, Facts.schema(), facts, Facts.MONTH,
                written, when(col(FactsUpdate.NEW), array(struct(col(Facts.MONTH).as("month")))));
        if (years != null) {
            Set<Integer> others = new TreeSet<>(publishedYears);
            others.removeAll(years);
            store.carryOverYears(OutputTable.FACTS, others);
        }
        Set<YearMonth> months = new TreeSet<>();
        result.tallies().keySet().forEach(t -> months.add(Facts.monthOf(t.get(0))));
        return months;
    }

    /**
     * Writes quality/completeness: per county (and prefecture), supplied event source and month of
     * first..last, the accepted records (from the facts), the quarantined ones whose county and
     * month were readable, the duplicates (placed by the copy kept), and the month's status.
     * Returns the months whose status changed from the published table (all when there is none):
     * the periods holding them are recomputed, as their completeness columns and targets depend on
     * it. An unchanged table is kept as published.
     */
    private static Set<YearMonth> writeCompleteness(RunContext run, ValidateStage.Result validated, YearMonth first,
                                                    YearMonth last) {
        TableStore store = run.store();
        List<String> given = DataCompleteness.sourceNames(run.supplied());
        Map<IndicatorSource, DataCompleteness.SourceRecords> records = new LinkedHashMap<>();
        for (IndicatorSource source : DataCompleteness.sources()) {
            if (run.supplied().contains(source)) {
                RecordType type = source.recordType();
                records.put(source, new DataCompleteness.SourceRecords(store.read(OutputTable.clean(type)),
                        store.read(OutputTable.quarantine(type)), store.read(OutputTable.duplicates(type))));
            }
        }
        Dataset<Row> counts = DataCompleteness.counts(run.spark(), store.read(OutputTable.FACTS), records);
        Dataset<Row> table = DataCompleteness.monthly(run.spark(), counts, validated.divisions(),
                given, first, last, run.admitted().targets().parameters().completeness());
        Dataset<Row> published = store.isPublished(OutputTable.COMPLETENESS)
                ? store.readPublished(OutputTable.COMPLETENESS) : null;
        // compared with the published rows, then written: computed once (divisions × sources × months, built
        // from every fact and quarantined row), where each comparison and the write would build it again
        Dataset<Row> rows = published != null ? table.persist(StorageLevel.MEMORY_AND_DISK()) : table;
        try {
            DataCompleteness.Comparison compared = DataCompleteness.compare(rows, published, first, last);
            if (compared.sameRows()) {
                store.keep(OutputTable.COMPLETENESS); // the same rows: the published files stay as they are
            } else {
                store.write(OutputTable.COMPLETENESS, rows);
            }
            return compared.changedMonths();
        } finally {
            if (published != null) {
                rows.unpersist();
            }
        }
    }
}
