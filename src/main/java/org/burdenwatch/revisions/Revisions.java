package org.burdenwatch.revisions;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.bool_or;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.inline;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.PeriodColumns;
import org.burdenwatch.validation.ValidatedTables;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Published figures that a later run changed (quality/revisions): every indicator value of every
 * division and period that the previous run published, compared with the value this run is about
 * to publish; each difference a row, with why it changed. A period the previous run did not
 * publish holds no revision. Counts compare exactly; hours and other decimals as published (each
 * table rounds them before they are stored, so equal figures are equal doubles).
 */
public final class Revisions {
    private Revisions() {
    }

    public static final String RUN_ID = "run_id";
    public static final String PREVIOUS_RUN_ID = "previous_run_id";
    public static final String INDICATOR = "indicator";
    public static final String PUBLISHED = "published_value";
    public static final String REVISED = "revised_value";
    public static final String CHANGE = "change";
    public static final String PERIOD_CLOSED = "period_closed";
    public static final String LATE_RECORDS = "late_records";
    public static final String REASON = "reason";

    /** The reasons, in the order a combination names them ({@code late_records+records_withdrawn}). */
    public static final String BY_LATE_RECORDS = "late_records";
    public static final String BY_RECORDS_WITHDRAWN = "records_withdrawn";
    public static final String BY_PARAMETERS_CHANGED = "parameters_changed";
    public static final String BY_RULE_CHANGED = "rule_changed";
    /** None of the above was found (for instance a record edited in a file that also grew). */
    public static final String UNEXPLAINED = "unexplained";

    /** The table's columns, in order. */
    public static StructType schema() {
        return new StructType()
                .add(RUN_ID, DataTypes.StringType, false)
                .add(PREVIOUS_RUN_ID, DataTypes.StringType, false)
                .add(IndicatorTables.DIVISION_CODE, DataTypes.StringType)
                .add("level", DataTypes.StringType)
                .add(IndicatorTables.PERIOD_TYPE, DataTypes.StringType)
                .add(IndicatorTables.PERIOD, DataTypes.StringType)
                .add(IndicatorTables.PERIOD_START, DataTypes.DateType)
                .add(INDICATOR, DataTypes.StringType)
                .add(PUBLISHED, DataTypes.DoubleType)
                .add(REVISED, DataTypes.DoubleType)
                .add(CHANGE, DataTypes.DoubleType)
                .add(PERIOD_CLOSED, DataTypes.BooleanType)
                .add(LATE_RECORDS, DataTypes.LongType)
                .add(REASON, DataTypes.StringType);
    }

    /**
     * What a run knows about the run it revises: its id, the Asia/Shanghai date it finished (a period
     * that ended before it had closed), and, per indicator, the reasons besides late records that
     * apply to it ({@link RevisionReasons}).
     */
    public record Against(String runId, String previousRunId, LocalDate previousFinishedOn,
                          Map<String, List<String>> reasonsByIndicator) {
    }

    private static final List<String> KEYS = List.of(IndicatorTables.DIVISION_CODE, IndicatorTables.PERIOD_TYPE,
            IndicatorTables.PERIOD_START);
    private static final String WAS = "_published_";

    /**
     * The figures of {@code published} (the table as the previous run published it) in the periods
     * {@code computed} selects (a filter on period_type and period_start: the periods this run
     * computes; it keeps the others as published) that {@code revised} (the same table's rows this run
     * computed) changes, for the given indicator columns, with the late records of each division and
     * period ({@link #lateRecords}: division_code, period_type, period_start, late_records; null: none). A division
     * gone from those periods (removed from divisions/) is revised to null.
     */
    public static Dataset<Row> of(Dataset<Row> published, Dataset<Row> revised, Column computed, List<String> indicators,
                                  Dataset<Row> lateRecords, Against against) {
        List<String> there = Arrays.asList(published.columns());
        List<Column> was = new ArrayList<>();
        KEYS.forEach(k -> was.add(col(k)));
        was.add(col("level"));
        was.add(col(IndicatorTables.PERIOD));
        was.add(col("period_end"));
        List<Column> now = new ArrayList<>();
        KEYS.forEach(k -> now.add(col(k)));
        List<Column> pairs = new ArrayList<>();
        Column differs = lit(false);
        for (String i : indicators) {
            // a column the previous run did not publish (a new indicator) has nothing to revise
            if (there.contains(i)) {
                was.add(col(i).cast(DataTypes.DoubleType).as(WAS + i));
                now.add(col(i).cast(DataTypes.DoubleType).as(i));
                pairs.add(struct(lit(i).as(INDICATOR), col(WAS + i).as(PUBLISHED), col(i).as(REVISED)));
                differs = differs.or(col(WAS + i).eqNullSafe(col(i)).unary_$bang());
            }
        }
        // the rows where a figure differs, before one row a figure is made of them (nearly none: most
        // periods a rerun computes hold no change)
        Dataset<Row> changed = published.filter(computed).select(was.toArray(Column[]::new))
                .join(revised.select(now.toArray(Column[]::new)), CollectionConverters.asScala(KEYS).toSeq(), "left")
                .filter(differs)
                .select(col(IndicatorTables.DIVISION_CODE), col("level"), col(IndicatorTables.PERIOD_TYPE),
                        col(IndicatorTables.PERIOD), col(IndicatorTables.PERIOD_START), col("period_end"),
                        inline(array(pairs.toArray(Column[]::new))))
                .filter(col(PUBLISHED).eqNullSafe(col(REVISED)).unary_$bang());
        Dataset<Row> withLate = lateRecords == null ? changed.withColumn(LATE_RECORDS, lit(0L))
                : changed.join(lateRecords, CollectionConverters.asScala(KEYS).toSeq(), "left")
                        .withColumn(LATE_RECORDS, coalesce(col(LATE_RECORDS), lit(0L)));
        return withLate.select(lit(against.runId()).as(RUN_ID), lit(against.previousRunId()).as(PREVIOUS_RUN_ID),
                col(IndicatorTables.DIVISION_CODE), col("level"), col(IndicatorTables.PERIOD_TYPE),
                col(IndicatorTables.PERIOD), col(IndicatorTables.PERIOD_START), col(INDICATOR), col(PUBLISHED),
                col(REVISED), col(REVISED).minus(col(PUBLISHED)).as(CHANGE),
                col("period_end").lt(lit(against.previousFinishedOn())).as(PERIOD_CLOSED), col(LATE_RECORDS),
                reason(against.reasonsByIndicator()).as(REASON));
    }

    /** The reasons of a revision: late records when it has some, then those of its indicator, else unexplained. */
    private static Column reason(Map<String, List<String>> byIndicator) {
        Column others = lit(null).cast(DataTypes.StringType);
        for (Map.Entry<String, List<String>> e : byIndicator.entrySet()) {
            if (!e.getValue().isEmpty()) {
                others = when(col(INDICATOR).equalTo(e.getKey()), lit(String.join("+", e.getValue()))).otherwise(others);
            }
        }
        Column late = when(col(LATE_RECORDS).gt(0), lit(BY_LATE_RECORDS));
        Column both = when(late.isNotNull().and(others.isNotNull()),
                concat(late, lit("+"), others))
                .otherwise(coalesce(late, others));
        return coalesce(both, lit(UNEXPLAINED));
    }

    /**
     * The records that arrived with this run ({@code runId}), per county, township (null when a record
     * names none) and month: from each event type's clean table (a filter on first_ingested_run,
     * which Parquet's statistics answer for the files of earlier runs), by its event date. Null when
     * no event type was supplied.
     */
    public static Dataset<Row> arrivedByMonth(List<EventRecords> events, String runId) {
        Dataset<Row> arrived = null;
        for (EventRecords e : events) {
            Column township = Arrays.asList(e.clean().columns()).contains(Facts.TOWNSHIP) ? col(Facts.TOWNSHIP)
                    : lit(null).cast(DataTypes.StringType);
            Dataset<Row> part = e.clean().filter(col(ValidatedTables.FIRST_INGESTED_RUN).equalTo(lit(runId)))
                    .select(col(Facts.COUNTY), township.as(Facts.TOWNSHIP),
                            trunc(col(e.eventDate()), "month").as(Facts.MONTH));
            arrived = arrived == null ? part : arrived.union(part);
        }
        return arrived == null ? null : arrived.groupBy(col(Facts.COUNTY), col(Facts.TOWNSHIP), col(Facts.MONTH))
                .agg(count(lit(1)).as(LATE_RECORDS));
    }

    /**
     * The records of each division and period that arrived with this run ({@code arrived}: {@link
     * #arrivedByMonth}), placed in the periods holding their month: for the county table a county's
     * records count in its row and its prefecture's ({@code rollup}: {@link IndicatorTables#rollup}),
     * for the township table in their township's ({@code rollup} null).
     */
    public static Dataset<Row> lateRecords(Dataset<Row> arrived, Dataset<Row> rollup) {
        if (arrived == null) {
            return null;
        }
        Dataset<Row> attributed = rollup == null
                ? arrived.filter(col(Facts.TOWNSHIP).isNotNull()).select(col(Facts.TOWNSHIP).as(IndicatorTables.DIVISION_CODE),
                        col(Facts.MONTH), col(LATE_RECORDS))
                : arrived.join(broadcast(rollup), col(Facts.COUNTY).equalTo(col(IndicatorTables.RECORD_COUNTY)))
                        .select(col(IndicatorTables.DIVISION_CODE), col(Facts.MONTH), col(LATE_RECORDS));
        return attributed.select(col(IndicatorTables.DIVISION_CODE), col(LATE_RECORDS),
                        explode(PeriodColumns.periodsOfMonth(col(Facts.MONTH))).as("_p"))
                .filter(col("_p." + PeriodColumns.YEAR_BEFORE).unary_$bang())
                .groupBy(col(IndicatorTables.DIVISION_CODE), col("_p.period_type").as(IndicatorTables.PERIOD_TYPE),
                        col("_p.period_start").as(IndicatorTables.PERIOD_START))
                .agg(sum(col(LATE_RECORDS)).cast(DataTypes.LongType).as(LATE_RECORDS));
    }

    /** An event type's clean records and the DATE column that places them in periods. */
    public record EventRecords(Dataset<Row> clean, String eventDate) {
    }

    /** The column of the county table: whether the period a year before was revised upwards after it was first published. */
    public static final String BASE_REVISED_UP = "base_revised_up";

    /**
     * Each division and period whose figures were revised upwards since first published, over every
     * revision the output holds ({@code all}: the published rows and this run's): an indicator whose
     * latest revised value (the latest run's) exceeds its first published value (the earliest run's).
     * Keyed by the period a year later (period_start + 12 months), whose base it is.
     */
    public static Dataset<Row> basesRevisedUp(Dataset<Row> all) {
        return all.groupBy(col(IndicatorTables.DIVISION_CODE), col(IndicatorTables.PERIOD_TYPE),
                        col(IndicatorTables.PERIOD_START), col(INDICATOR))
                .agg(min_by(col(PUBLISHED), col(RUN_ID)).as("_first"), max_by(col(REVISED), col(RUN_ID)).as("_latest"))
                .groupBy(col(IndicatorTables.DIVISION_CODE), col(IndicatorTables.PERIOD_TYPE),
                        col(IndicatorTables.PERIOD_START))
                .agg(bool_or(coalesce(col("_latest").gt(col("_first")), lit(false))).as(BASE_REVISED_UP))
                .filter(col(BASE_REVISED_UP))
                .select(col(IndicatorTables.DIVISION_CODE), col(IndicatorTables.PERIOD_TYPE),
                        add_months(col(IndicatorTables.PERIOD_START), 12).as(IndicatorTables.PERIOD_START),
                        col(BASE_REVISED_UP));
    }

    /**
     * For every county and prefecture figure whose period was revised since it was first published,
     * its value as first published (the earliest run's published_value), keyed by the period a year
     * later, whose base it is: division_code, period (the later period's label), indicator, and
     * {@code column}. Over every revision the output holds ({@code all}).
     */
    public static Dataset<Row> firstPublishedBases(Dataset<Row> all, String column) {
        Column period = col(IndicatorTables.PERIOD);
        Column yearLater = concat(
                substring(period, 1, 4).cast(DataTypes.IntegerType).plus(1)
                        .cast(DataTypes.StringType),
                substring(period, 5, 10));
        return all.filter(col("level").notEqual(lit("township")))
                .groupBy(col(IndicatorTables.DIVISION_CODE), period.as(IndicatorTables.PERIOD), col(INDICATOR))
                .agg(min_by(col(PUBLISHED), col(RUN_ID)).as(column))
                .select(col(IndicatorTables.DIVISION_CODE), yearLater.as(IndicatorTables.PERIOD), col(INDICATOR),
                        col(column));
    }

    /**
     * The county rows with {@link #BASE_REVISED_UP}: true when their year-before period was revised
     * upwards after it was first published ({@code bases}: {@link #basesRevisedUp}, null when the
     * output holds no revisions), false otherwise.
     */
    public static Dataset<Row> withBaseRevisedUp(Dataset<Row> county, Dataset<Row> bases) {
        List<Column> out = new ArrayList<>();
        Arrays.stream(county.columns()).forEach(c -> out.add(county.col(c)));
        if (bases == null) {
            out.add(lit(false).as(BASE_REVISED_UP));
            return county.select(out.toArray(Column[]::new));
        }
        Dataset<Row> b = bases.select(col(IndicatorTables.DIVISION_CODE).as("_b_division"),
                col(IndicatorTables.PERIOD_TYPE).as("_b_type"), col(IndicatorTables.PERIOD_START).as("_b_start"),
                col(BASE_REVISED_UP).as("_b_up"));
        out.add(coalesce(col("_b_up"), lit(false)).as(BASE_REVISED_UP));
        return county.join(b, county.col(IndicatorTables.DIVISION_CODE).equalTo(col("_b_division"))
                        .and(county.col(IndicatorTables.PERIOD_TYPE).equalTo(col("_b_type")))
                        .and(county.col(IndicatorTables.PERIOD_START).equalTo(col("_b_start"))), "left")
                .select(out.toArray(Column[]::new));
    }
}
