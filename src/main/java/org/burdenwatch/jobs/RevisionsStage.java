package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_if;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.audit.ReportedFiguresAudit;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.revisions.RevisionReasons;
import org.burdenwatch.revisions.Revisions;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValueColumns;

/**
 * The revisions of one run, its reads and writes: before the county and township tables are
 * written, their rows are compared with the tables the previous run published ({@link Revisions});
 * the county rows get {@code base_revised_up} from every revision the output holds; then
 * quality/revisions is written: the published rows, append only, and this run's.
 */
final class RevisionsStage {
    private final RunContext run;
    private final Revisions.Against against;
    private final List<Dataset<Row>> found = new ArrayList<>();
    private final List<Dataset<Row>> persisted = new ArrayList<>();
    private Dataset<Row> arrived;

    private RevisionsStage(RunContext run, Revisions.Against against) {
        this.run = run;
        this.against = against;
    }

    /**
     * The revisions stage of a run into an output whose last run is {@code previous} (null: none), with
     * the ledger that run left ({@code previousLedger}, null: none) and the settings of both runs.
     */
    static RevisionsStage of(RunContext run, RunSummary previous, List<IngestLedger.Entry> previousLedger,
                             String settings) {
        if (previous == null || previous.finishedAt() == null) {
            return new RevisionsStage(run, null);
        }
        Set<String> changed = RevisionReasons.changedParameters(previous.parameters(),
                Publication.parameters(run.admitted().targets().parameters()));
        String previousSettings = previousLedger == null || previousLedger.isEmpty() ? null
                : previousLedger.get(0).settings();
        Map<String, List<String>> reasons = RevisionReasons.byIndicator(indicators(),
                RevisionReasons.withdrawn(previousLedger, run.admitted().inventory()), changed,
                RevisionReasons.ruleChanged(previousSettings, settings));
        LocalDate finishedOn = LocalDate.ofInstant(Instant.parse(previous.finishedAt()), ZoneId.of(ValueColumns.ZONE));
        return new RevisionsStage(run, new Revisions.Against(run.admitted().runId(), previous.runId(), finishedOn,
                reasons));
    }

    /** Every indicator whose values are compared: the county table's with year-on-year (the township's are among them). */
    private static List<Indicator> indicators() {
        return Indicators.withYearOnYear();
    }

    private static List<String> namesIn(Dataset<Row> table) {
        Set<String> columns = new LinkedHashSet<>(List.of(table.columns()));
        return indicators().stream().map(Indicator::name).filter(columns::contains).toList();
    }

    /**
     * The county rows this run publishes with {@code base_revised_up}, after comparing them with the
     * published table ({@code county}: the rows of the periods this run computes).
     */
    Dataset<Row> county(Dataset<Row> county, DivisionDirectory divisions, IndicatorTables.Periods periods) {
        TableStore store = run.store();
        if (against != null && store.isPublished(OutputTable.COUNTY_INDICATORS)) {
            found.add(Revisions.of(store.readPublished(OutputTable.COUNTY_INDICATORS), county, computed(periods),
                    namesIn(county), Revisions.lateRecords(arrived(), IndicatorTables.rollup(run.spark(), divisions)),
                    against).persist(StorageLevel.MEMORY_AND_DISK()));
        }
        Dataset<Row> all = everyRevision();
        Dataset<Row> bases = all == null ? null : persisted(Revisions.basesRevisedUp(all));
        return Revisions.withBaseRevisedUp(county, bases == null || SparkTuning.isEmpty(run.spark(), bases) ? null : bases);
    }

    /**
     * The county and prefecture figures whose year-before value was revised since it was first
     * published, with that value as first published ({@link Revisions#firstPublishedBases}), over every
     * revision so far (call after {@link #county}); null when there are none.
     */
    Dataset<Row> firstBases() {
        Dataset<Row> all = everyRevision();
        if (all == null) {
            return null;
        }
        Dataset<Row> bases = persisted(Revisions.firstPublishedBases(all, ReportedFiguresAudit.FIRST_PUBLISHED_PREV));
        return SparkTuning.isEmpty(run.spark(), bases) ? null : bases;
    }

    /** The rows kept in memory (or on disk) until {@link #write}: read again by the tables that join them. */
    private Dataset<Row> persisted(Dataset<Row> rows) {
        Dataset<Row> kept = rows.persist(StorageLevel.MEMORY_AND_DISK());
        this.persisted.add(kept);
        return kept;
    }

    /** Compares the township rows this run computes with the published township table. */
    void township(Dataset<Row> township, IndicatorTables.Periods periods) {
        TableStore store = run.store();
        if (against != null && store.isPublished(OutputTable.TOWNSHIP_INDICATORS)) {
            found.add(Revisions.of(store.readPublished(OutputTable.TOWNSHIP_INDICATORS), township, computed(periods),
                    namesIn(township), Revisions.lateRecords(arrived(), null), against)
                    .persist(StorageLevel.MEMORY_AND_DISK()));
        }
    }

    /** The periods this run computes, as a filter a Parquet read answers from its partitions and statistics. */
    private static Column computed(IndicatorTables.Periods periods) {
        return periods.contain(col(IndicatorTables.PERIOD_TYPE), col(IndicatorTables.PERIOD_START));
    }

    /** The records that arrived with this run, per county, township and month: read once for both tables. */
    private Dataset<Row> arrived() {
        if (arrived == null) {
            arrived = Revisions.arrivedByMonth(events(), against.runId());
            if (arrived != null) {
                arrived = arrived.persist(StorageLevel.MEMORY_AND_DISK());
            }
        }
        return arrived;
    }

    /** The revisions the output held and this run's, or null when there are none to read. */
    private Dataset<Row> everyRevision() {
        Dataset<Row> all = run.store().isPublished(OutputTable.REVISIONS)
                ? run.store().readPublished(OutputTable.REVISIONS) : null;
        for (Dataset<Row> d : found) {
            all = all == null ? d : all.unionByName(d);
        }
        return all;
    }

    /** Each event type's clean records as this run publishes them. */
    private List<Revisions.EventRecords> events() {
        List<Revisions.EventRecords> out = new ArrayList<>();
        for (IndicatorSource s : IndicatorSource.values()) {
            Dataset<Row> clean = s.isEvent() ? run.store().read(OutputTable.clean(s.recordType())) : null;
            if (clean != null) {
                out.add(new Revisions.EventRecords(clean, s.eventDate()));
            }
        }
        return out;
    }

    /**
     * Writes quality/revisions: the published rows carried over (append only) and this run's; an empty
     * table when there are neither. Returns what the run summary says of this run's revisions (null when
     * there was nothing published to revise).
     */
    RunSummary.Revised write() {
        TableStore store = run.store();
        Dataset<Row> mine = null;
        for (Dataset<Row> d : found) {
            mine = mine == null ? d : mine.unionByName(d);
        }
        RunSummary.Revised revised = against == null ? null : summarise(mine);
        boolean published = store.isPublished(OutputTable.REVISIONS);
        if (revised != null && revised.figures() > 0) {
            store.write(OutputTable.REVISIONS, mine);
            if (published) {
                store.carryOver(OutputTable.REVISIONS, Revisions.schema());
            }
        } else if (published) {
            store.keep(OutputTable.REVISIONS);
        } else {
            store.writeLocal(OutputTable.REVISIONS, Revisions.schema(), List.of());
        }
        found.forEach(Dataset::unpersist);
        persisted.forEach(Dataset::unpersist);
        if (arrived != null) {
            arrived.unpersist();
        }
        return revised;
    }

    /** How many figures this run revised, how many in closed periods, and the largest relative change. */
    private static RunSummary.Revised summarise(Dataset<Row> mine) {
        if (mine == null) {
            return new RunSummary.Revised(0, 0, null, null);
        }
        Row r = mine.agg(count(lit(1)), count_if(col(Revisions.PERIOD_CLOSED)),
                max_by(struct(col(IndicatorTables.DIVISION_CODE), col(IndicatorTables.PERIOD), col(Revisions.INDICATOR),
                                col(Revisions.PUBLISHED), col(Revisions.REVISED)),
                        when(col(Revisions.PUBLISHED).notEqual(0),
                                abs(col(Revisions.CHANGE).divide(col(Revisions.PUBLISHED))))))
                .first();
        long figures = r.getLong(0);
        if (figures == 0 || r.isNullAt(2)) {
            return new RunSummary.Revised(figures, r.getLong(1), null, null);
        }
        Row largest = r.getStruct(2);
        double published = largest.getDouble(3);
        double now = largest.getDouble(4);
        double pct = Math.round((now - published) / published * 1000) / 10.0;
        return new RunSummary.Revised(figures, r.getLong(1), pct, largest.getString(0) + " " + largest.getString(1)
                + " " + largest.getString(2) + " " + plain(published) + " → " + plain(now));
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
