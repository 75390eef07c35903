package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Period;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.targets.TargetEvaluation;
import org.burdenwatch.targets.TargetsFile;
import org.burdenwatch.validation.DivisionDirectory;

/**
 * The indicator tables of one run: every period, or (incremental) only the touched periods, whose
 * rows then replace the published rows of those periods while every other published row is kept.
 * Each run also keeps the exact sums per division × period (before year-on-year and unit
 * conversion) under {@code _incremental/}, so a later run compares its touched periods with the
 * previous year's without summing that year's records again.
 */
final class IndicatorStage {
    /** The exact sums behind the county and township tables: the output's own state, not a table to query. */
    static final String COUNTY_SUMS = "_incremental/county_sums";
    static final String TOWNSHIP_SUMS = "_incremental/township_sums";

    private final SparkSession spark;
    private final OutputStore store;
    private final IndicatorTables.Sources sources;
    private final DivisionDirectory divisions;
    private final IndicatorTables.Model model;
    private final TargetsFile targetsFile;
    private final Dataset<Row> periods;
    /** The periods to recompute (null: all), as rows of period_type and period. */
    private final Dataset<Row> touched;

    IndicatorStage(SparkSession spark, OutputStore store, IndicatorTables.Sources sources, DivisionDirectory divisions,
                   IndicatorTables.Model model, TargetsFile targetsFile, YearMonth first, YearMonth last,
                   Set<Period> touchedPeriods) {
        this.spark = spark;
        this.store = store;
        this.sources = sources;
        this.divisions = divisions;
        this.model = model;
        this.targetsFile = targetsFile;
        Dataset<Row> all = IndicatorTables.periods(spark, first, last);
        if (touchedPeriods == null) {
            this.touched = null;
            this.periods = all.cache();
        } else {
            this.touched = labels(spark, touchedPeriods);
            this.periods = restrict(all, touched, "left_semi").cache();
        }
    }

    /** True when the output holds the sums an incremental run needs. */
    static boolean sumsPublished(OutputStore store) throws java.io.IOException {
        return store.isPublished(COUNTY_SUMS) && store.isPublished(TOWNSHIP_SUMS);
    }

    private static Dataset<Row> labels(SparkSession spark, Set<Period> periods) {
        List<Row> rows = new ArrayList<>();
        periods.forEach(p -> rows.add(RowFactory.create(p.type(), p.label())));
        return spark.createDataFrame(rows, new StructType()
                .add(IndicatorTables.PERIOD_TYPE, DataTypes.StringType, false)
                .add(IndicatorTables.PERIOD, DataTypes.StringType, false));
    }

    /**
     * The county rows computed by this run (all periods, or the touched ones): small, and read by
     * the targets, the county table and the audit, so written once to staging and read back.
     */
    Dataset<Row> county() {
        return materialize(IndicatorTables.countyTable(spark, sources, divisions, periods, model,
                knownSums(COUNTY_SUMS), sums -> keepSums(sums, COUNTY_SUMS)).table(), "county_computed");
    }

    /** Every target row of the table this run publishes: evaluated for the computed rows, kept for the others. */
    Dataset<Row> targets(Dataset<Row> county) {
        Dataset<Row> evaluated = TargetEvaluation.evaluate(county, targetsFile);
        // read twice (the targets table, targets missed in the county table): materialized either way
        return touched == null ? materialize(evaluated, "targets_computed") : withKept(evaluated, OutputTable.TARGETS);
    }

    /** Every county row this run publishes, with the targets each missed. */
    Dataset<Row> countyWithTargets(Dataset<Row> county, Dataset<Row> targetRows) {
        return withKept(TargetEvaluation.withTargetsMissed(county, targetRows), OutputTable.COUNTY_INDICATORS);
    }

    /** Every township row this run publishes. */
    Dataset<Row> township() {
        return withKept(IndicatorTables.townshipTable(spark, sources, divisions, periods, model,
                knownSums(TOWNSHIP_SUMS), sums -> keepSums(sums, TOWNSHIP_SUMS)).table(), OutputTable.TOWNSHIP_INDICATORS);
    }

    /** The published sums of the periods this run does not recompute (null when it recomputes all). */
    private Dataset<Row> knownSums(String path) {
        return touched == null ? null : restrict(spark.read().parquet(store.publishedPath(path)), touched, "left_anti");
    }

    /**
     * Stages the sums table of this run (the computed sums, and the published sums of the other
     * periods) and returns the computed sums, read back from staging.
     */
    private Dataset<Row> keepSums(Dataset<Row> sums, String path) {
        if (touched == null) {
            sums.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(path));
            return spark.read().schema(sums.schema()).parquet(store.stagedPath(path));
        }
        Dataset<Row> computed = materialize(sums, path.replace('/', '_'));
        computed.union(knownSums(path).select(columns(computed.columns())))
                .write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(path));
        return computed;
    }

    /** Rows of the listed periods (left_semi) or of the others (left_anti), columns in their order. */
    private static Dataset<Row> restrict(Dataset<Row> rows, Dataset<Row> periodLabels, String how) {
        Dataset<Row> listed = broadcast(periodLabels.select(col(IndicatorTables.PERIOD_TYPE).as("_l_type"),
                col(IndicatorTables.PERIOD).as("_l_period")));
        return rows.join(listed, rows.col(IndicatorTables.PERIOD_TYPE).equalTo(col("_l_type"))
                .and(rows.col(IndicatorTables.PERIOD).equalTo(col("_l_period"))), how);
    }

    /**
     * Writes rows to this run's staging (removed with it) and reads them back: a small result read
     * more than once, and a Parquet scan like the published tables it may be put beside.
     */
    private Dataset<Row> materialize(Dataset<Row> rows, String name) {
        String path = store.stagedPath("_work/" + name);
        rows.write().mode(SaveMode.ErrorIfExists).parquet(path);
        return spark.read().schema(rows.schema()).parquet(path);
    }

    /**
     * The computed rows, and the published rows of every period not recomputed, in the computed
     * rows' columns. Both sides are Parquet scans when put together: in local mode a stage that
     * mixes file splits of a remote file system with cached or shuffled partitions can wait for
     * ever on delay scheduling.
     */
    private Dataset<Row> withKept(Dataset<Row> computed, OutputTable table) {
        if (touched == null) {
            return computed;
        }
        computed = materialize(computed, table.name() + "_computed");
        Dataset<Row> published = restrict(spark.read().parquet(store.publishedPath(table.path())), touched,
                "left_anti").select(columns(computed.columns()));
        return published.union(computed);
    }

    private static Column[] columns(String[] names) {
        Column[] out = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = col(names[i]);
        }
        return out;
    }
}
