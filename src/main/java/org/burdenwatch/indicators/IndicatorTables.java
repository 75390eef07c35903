package org.burdenwatch.indicators;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.records.Vocabularies;
import org.burdenwatch.validation.DivisionDirectory;
import scala.jdk.javaapi.CollectionConverters;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.inline;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;


/**
 * Builds indicators/county and indicators/township from the monthly {@link Facts}: one row per
 * division × period over the covered months, zeros where a supplied source has no records, nulls
 * where a source was not supplied, and for each indicator X its {@code X_prev} and
 * {@code X_change_pct}. The facts are small (a row per source, division and month), so periods,
 * the prefecture roll-up, the grid and year-on-year cost little whatever the number of records.
 */
public final class IndicatorTables {
    private IndicatorTables() {
    }

    public static final String DIVISION_CODE = "division_code";
    public static final String PERIOD_TYPE = "period_type";
    public static final String PERIOD = "period";
    public static final String PERIOD_START = "period_start";
    public static final String TOWNSHIPS = "townships";
    public static final String CADRES = "grassroots_cadres";
    /** The period's accepted event records that arrived late (补录), all types together. */
    public static final String LATE_RECORDS = "late_records";

    /** Whether first..last covers the same period a year before: its sums are then the year-on-year base. */
    public static final String YEAR_BEFORE_COMPLETE = "year_before_complete";

    /**
     * The columns of a period: its type, label, start and end, whether first..last covers it, and
     * whether first..last covers the same period a year before.
     */
    static final StructType PERIOD_COLUMNS = new StructType()
            .add(PERIOD_TYPE, DataTypes.StringType, false)
            .add(PERIOD, DataTypes.StringType, false)
            .add(PERIOD_START, DataTypes.DateType, false)
            .add("period_end", DataTypes.DateType, false)
            .add("period_complete", DataTypes.BooleanType, false)
            .add(YEAR_BEFORE_COMPLETE, DataTypes.BooleanType, false);

    /**
     * The given periods as one literal array of structs ({@link #PERIOD_COLUMNS}): the division ×
     * period grid is the divisions with this array inlined, a generator inside the tasks, where a
     * cross join with a broadcast table of periods costs a Spark job of its own. A few hundred
     * periods at most (ten years: 190).
     */
    public static Column periodList(List<Period> periods, YearMonth first, YearMonth last) {
        List<Column> rows = new ArrayList<>();
        for (Period p : periods) {
            rows.add(struct(lit(p.type()), lit(p.label()), lit(p.start()), lit(p.end()), lit(p.isCoveredBy(first, last)),
                    lit(p.previousYear().isCoveredBy(first, last))));
        }
        return array(rows.toArray(Column[]::new)).cast(DataTypes.createArrayType(PERIOD_COLUMNS, false));
    }

    /**
     * The periods a table is computed for, with the months first..last that the records cover: the
     * grid's literal array ({@link #periodList}) and the test that keeps the month sums placed in one
     * of them.
     */
    public record Periods(List<Period> periods, YearMonth first, YearMonth last) {
        public Periods {
            periods = List.copyOf(periods);
        }

        /** {@link #periodList} of these periods. */
        public Column column() {
            return periodList(periods, first, last);
        }

        /**
         * Whether a period given by its type and first day is one of these: per type, its first day
         * in a set of dates. A month is placed in its own periods and in those a year later; the
         * ones no grid row asks for (the year after the last, a period a rerun keeps as published)
         * are dropped before they are summed instead of after.
         */
        public Column contain(Column type, Column start) {
            Map<String, List<Object>> starts = new TreeMap<>();
            for (Period p : periods) {
                starts.computeIfAbsent(p.type(), t -> new ArrayList<>()).add(p.start());
            }
            Column any = lit(false);
            for (Map.Entry<String, List<Object>> e : starts.entrySet()) {
                any = any.or(type.equalTo(lit(e.getKey())).and(start.isin(e.getValue().toArray())));
            }
            return any;
        }
    }

    /**
     * The county table of the given periods: each county and each prefecture (its counties and its
     * own organs summed), from the facts.
     */
    public static Dataset<Row> countyTable(SparkSession spark, Dataset<Row> facts, Set<IndicatorSource> supplied,
                                           DivisionDirectory divisions, Periods periods, Model model) {
        List<Row> grid = new ArrayList<>();
        DivisionTotals totals = new DivisionTotals(divisions);
        for (DivisionDirectory.Division d : divisions.all()) {
            if (Indicators.COUNTY_TABLE_LEVELS.contains(d.level())) {
                grid.add(RowFactory.create(d.code(), d.name(), d.level(), d.parentCode(),
                        (long) totals.townshipsUnder(d.code()), totals.cadresOf(d)));
            }
        }
        StructType gridSchema = new StructType().add(DIVISION_CODE, DataTypes.StringType)
                .add("division_name", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("parent_code", DataTypes.StringType).add(TOWNSHIPS, DataTypes.LongType)
                .add(CADRES, DataTypes.LongType);
        Dataset<Row> attributed = facts.join(broadcast(rollup(spark, divisions)),
                        col(Facts.COUNTY).equalTo(col(RECORD_COUNTY)))
                .withColumn(Indicators.TOWNSHIP_REPORTS_DEMANDED.name(), Indicators.TOWNSHIP_REPORTS_DEMANDED.measure());
        return build(spark.createDataFrame(grid, gridSchema), grid.size(), periods, attributed, Indicators.COUNTY_TABLE,
                supplied, model);
    }

    /** The column of {@link #rollup} that holds the records' county. */
    public static final String RECORD_COUNTY = "_record_county";

    /**
     * Where a county's records count in the county table: (record county, division_code) for the
     * county itself and, when it has one, its prefecture, whose rows sum its counties and its own
     * organs (a prefecture's own records count in its row only). Each row also carries the townships
     * the record county reaches ({@link Indicators#TOWNSHIPS_REACHED}): what a record county's
     * documents are charged to, in its own row and in its prefecture's alike.
     */
    public static Dataset<Row> rollup(SparkSession spark, DivisionDirectory divisions) {
        List<Row> rollup = new ArrayList<>();
        DivisionTotals totals = new DivisionTotals(divisions);
        for (DivisionDirectory.Division d : divisions.all()) {
            if (Indicators.COUNTY_TABLE_LEVELS.contains(d.level())) {
                long reached = totals.townshipsUnder(d.code());
                rollup.add(RowFactory.create(d.code(), d.code(), reached));
                DivisionDirectory.Division parent = d.parentCode() == null ? null : divisions.get(d.parentCode());
                if (Vocabularies.COUNTY.equals(d.level()) && parent != null
                        && Vocabularies.PREFECTURE.equals(parent.level())) {
                    rollup.add(RowFactory.create(d.code(), parent.code(), reached));
                }
            }
        }
        return spark.createDataFrame(rollup, new StructType().add(RECORD_COUNTY, DataTypes.StringType)
                .add(DIVISION_CODE, DataTypes.StringType).add(Indicators.TOWNSHIPS_REACHED, DataTypes.LongType));
    }

    /** The township table of the given periods, from the facts of records that name a township. */
    public static Dataset<Row> townshipTable(SparkSession spark, Dataset<Row> facts, Set<IndicatorSource> supplied,
                                             DivisionDirectory divisions, Periods periods, Model model) {
        List<Row> grid = new ArrayList<>();
        for (DivisionDirectory.Division d : divisions.all()) {
            if (Vocabularies.TOWNSHIP.equals(d.level())) {
                grid.add(RowFactory.create(d.code(), d.name(), d.level(), d.parentCode(), 1L, d.grassrootsCadres()));
            }
        }
        StructType gridSchema = new StructType().add(DIVISION_CODE, DataTypes.StringType)
                .add("division_name", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("county_code", DataTypes.StringType).add(TOWNSHIPS, DataTypes.LongType)
                .add(CADRES, DataTypes.LongType);
        Dataset<Row> attributed = facts.filter(col(Facts.TOWNSHIP).isNotNull())
                .withColumn(DIVISION_CODE, col(Facts.TOWNSHIP));
        return build(spark.createDataFrame(grid, gridSchema), grid.size(), periods, attributed, Indicators.forTownships(),
                supplied, model);
    }

    /**
     * Townships and grassroots cadres per division, from one pass over the directory (a national
     * directory has ≈ 45,000 divisions: a scan per county would be 10⁸ steps on the driver).
     */
    static final class DivisionTotals {
        private final Map<String, Integer> townships = new HashMap<>();
        private final Map<String, List<DivisionDirectory.Division>> children = new HashMap<>();
        private final Map<String, Long> cadres = new HashMap<>();

        DivisionTotals(DivisionDirectory divisions) {
            for (DivisionDirectory.Division d : divisions.all()) {
                if (d.parentCode() == null) {
                    continue;
                }
                if (!d.code().equals(d.parentCode())) {
                    children.computeIfAbsent(d.parentCode(), k -> new ArrayList<>()).add(d);
                }
                if (Vocabularies.TOWNSHIP.equals(d.level())) {
                    townships.merge(d.parentCode(), 1, Integer::sum);
                    DivisionDirectory.Division parent = divisions.get(d.parentCode());
                    String grandparent = parent == null ? null : parent.parentCode();
                    if (grandparent != null && !grandparent.equals(d.parentCode())) {
                        townships.merge(grandparent, 1, Integer::sum);
                    }
                }
            }
        }

        /** Townships a division reaches: its own townships, or for a prefecture those of its counties. */
        int townshipsUnder(String code) {
            return townships.getOrDefault(code, 0);
        }

        /** A division's grassroots cadres: its own figure when given, else the sum of its children's. */
        Long cadresOf(DivisionDirectory.Division division) {
            if (division.grassrootsCadres() != null) {
                return division.grassrootsCadres();
            }
            if (cadres.containsKey(division.code())) {
                return cadres.get(division.code());
            }
            Long sum = null;
            for (DivisionDirectory.Division d : children.getOrDefault(division.code(), List.of())) {
                Long c = cadresOf(d);
                if (c != null) {
                    sum = (sum == null ? 0 : sum) + c;
                }
            }
            cadres.put(division.code(), sum);
            return sum;
        }
    }

    /**
     * The county rows with the completeness columns of their period ({@link DataCompleteness#perPeriod})
     * after the indicators, in the table's order (a join puts its keys first).
     */
    public static Dataset<Row> withCompleteness(Dataset<Row> county, Dataset<Row> completenessPerPeriod) {
        List<String> keys = List.of(DIVISION_CODE, PERIOD_TYPE, PERIOD);
        List<Column> laidOut = new ArrayList<>();
        Arrays.stream(county.columns()).forEach(c -> laidOut.add(col(c)));
        Arrays.stream(completenessPerPeriod.columns()).filter(c -> !keys.contains(c)).forEach(c -> laidOut.add(col(c)));
        return county.join(completenessPerPeriod, CollectionConverters.asScala(keys).toSeq(), "left")
                .select(laidOut.toArray(Column[]::new));
    }

    /** What the burden model adds to the sums: parameters and assessments (null when not supplied). */
    public record Model(TargetsFile.Parameters parameters, Dataset<Row> assessments) {
    }

    /** Spark's setting that makes a join shuffle sides partitioned by fewer keys than it joins on. */
    static final String COPARTITION_BY_ALL_KEYS = "spark.sql.requireAllClusterKeysForCoPartition";

    /**
     * Runs {@code writes} of the tables {@link #build} plans with their join on division, period
     * type and start taking sides partitioned by division alone as they are: Spark's planner would
     * otherwise shuffle both sides again (by default it requires every join key in the
     * partitioning, against skew on few keys; a division has a few dozen periods). A value the user
     * set is left as it is.
     */
    public static void partitionedByDivision(SparkSession spark, Runnable writes) {
        if (spark.conf().get(COPARTITION_BY_ALL_KEYS, null) != null) {
            writes.run();
            return;
        }
        spark.conf().set(COPARTITION_BY_ALL_KEYS, false);
        try {
            writes.run();
        } finally {
            spark.conf().unset(COPARTITION_BY_ALL_KEYS);
        }
    }

    /** A table's grid rows (division × period) per partition, up to {@link #gridPartitions}' ceiling. */
    static final long GRID_ROWS_PER_PARTITION = 10_000;

    /**
     * The partitions a table's grid of {@code gridRows} rows is computed in: one per
     * {@value #GRID_ROWS_PER_PARTITION} rows, at most four a core. Each task deserialises the whole
     * plan of the table (≈ 130 columns of expressions: 27 ms a task when they are interpreted), so the
     * sample's county table (152 rows) in 16 tasks spent 0.44 CPU-s on their plans against 0.78 on the
     * rest; a national table (10⁵–10⁶ rows) keeps four partitions a core, measured at 2M task rows.
     */
    static int gridPartitions(long gridRows, int cores) {
        long byRows = (gridRows + GRID_ROWS_PER_PARTITION - 1) / GRID_ROWS_PER_PARTITION;
        return (int) Math.max(1, Math.min(4L * cores, byRows));
    }

    /** The prefix of a sum's value in the same period a year before (同期), before year-on-year. */
    static final String YEAR_BEFORE = "_year_before_";

    /**
     * The table: each fact month placed in its month, quarter, half-year and year, and in the same
     * periods a year later as their year-before value; summed per division and period (a state
     * indicator takes the period's last month), a placement in none of the table's periods dropped
     * before the sums (a rerun that recomputes four periods sums what those four hold, not every
     * period of the months it reads); the grid of every division and period zero-filled;
     * then the burden model, year-on-year and rates. The year-before values are summed with the
     * period's own, on the narrow sums, so the wide grid is joined once and never sorted by period.
     */
    private static Dataset<Row> build(Dataset<Row> divisionGrid, int gridDivisions, Periods periods,
                                      Dataset<Row> attributed, List<Indicator> indicators,
                                      Set<IndicatorSource> supplied, Model model) {
        List<Column> monthly = new ArrayList<>();
        for (Indicator i : indicators) {
            monthly.add(sum(col(i.name())).as(i.name()));
        }
        monthly.add(sum(col(Facts.LATE)).as(Facts.LATE));
        // the monthly sums, then partitioned by division: the sums by period, the grid and their join
        // need no other shuffle (each requires clustering by keys that start with the division). The
        // number of partitions follows the grid, whose work it is (the facts' bytes, what adaptive
        // execution would size them by, do not tell it)
        int partitions = gridPartitions((long) gridDivisions * periods.periods().size(),
                attributed.sparkSession().sparkContext().defaultParallelism());
        Dataset<Row> byMonth = attributed.groupBy(col(DIVISION_CODE), col(Facts.MONTH))
                .agg(monthly.get(0), monthly.subList(1, monthly.size()).toArray(new Column[0]))
                .repartition(partitions, col(DIVISION_CODE));
        List<Column> placed = new ArrayList<>(List.of(col(DIVISION_CODE),
                explode(PeriodColumns.periodsOfMonth(col(Facts.MONTH))).as("_p")));
        for (Indicator i : indicators) {
            placed.add(col(i.name()));
        }
        placed.add(col(Facts.LATE));
        Column yearBefore = col("_p." + PeriodColumns.YEAR_BEFORE);
        List<Column> sums = new ArrayList<>();
        for (Indicator i : indicators) {
            Column x = i.over() == Indicator.Over.END ? when(col("_p.last"), col(i.name())) : col(i.name());
            sums.add(sum(when(yearBefore.unary_$bang(), x)).as(i.name()));
            sums.add(sum(when(yearBefore, x)).as(YEAR_BEFORE + i.name()));
        }
        sums.add(sum(when(yearBefore.unary_$bang(), col(Facts.LATE))).as(Facts.LATE));
        Dataset<Row> byPeriod = byMonth.select(placed.toArray(new Column[0]))
                .filter(periods.contain(col("_p.period_type"), col("_p.period_start")))
                .groupBy(col(DIVISION_CODE), col("_p.period_type").as(PERIOD_TYPE),
                        col("_p.period_start").as(PERIOD_START))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
        // the sums of a partition are hashed for the join: sorting the grid and the sums (a sort-merge
        // join) took a seventh of the township table's time at 2M task rows
        Dataset<Row> table = divisionGrid.repartition(partitions, col(DIVISION_CODE)).select(col("*"),
                        inline(periods.column()))
                .join(byPeriod.hint("shuffle_hash"), CollectionConverters.asScala(
                        List.of(DIVISION_CODE, PERIOD_TYPE, PERIOD_START)).toSeq(), "left");
        List<Column> totals = new ArrayList<>();
        for (String c : divisionGrid.columns()) {
            totals.add(col(c));
        }
        for (String c : List.of(PERIOD_TYPE, PERIOD, PERIOD_START, "period_end", "period_complete",
                YEAR_BEFORE_COMPLETE)) {
            totals.add(col(c));
        }
        totals.add(coalesce(col(Facts.LATE), lit(0L)).as(LATE_RECORDS));
        for (Indicator i : indicators) {
            for (String name : List.of(i.name(), YEAR_BEFORE + i.name())) {
                totals.add(supplied.contains(i.source())
                        ? coalesce(col(name), lit(0L)).as(name)
                        : lit(null).cast(DataTypes.LongType).as(name));
            }
        }
        Dataset<Row> withHours = BurdenModel.withBurdenHours(table.select(totals.toArray(new Column[0])), supplied,
                model.parameters());
        List<Indicator> withDerived = new ArrayList<>(indicators);
        withDerived.add(Indicators.BURDEN_HOURS);
        withDerived.add(Indicators.BURDEN_HOURS_PER_CADRE);
        Dataset<Row> yearOnYear = withYearOnYear(withHours, divisionGrid.columns(), withDerived);
        return BurdenModel.withRates(yearOnYear, supplied, model);
    }

    /**
     * Adds X_prev (X of the same period a year before, when that period is wholly covered) and
     * X_change_pct = (X − X_prev) / X_prev × 100, half-up to one decimal, null on a zero or null base.
     * Computed on the whole-number sums (minutes for hours); hours are converted afterwards. The
     * table holds each X's year-before value as {@link #YEAR_BEFORE} X.
     */
    static Dataset<Row> withYearOnYear(Dataset<Row> table, String[] divisionColumns, List<Indicator> indicators) {
        List<Column> out = new ArrayList<>();
        for (String c : divisionColumns) {
            out.add(col(c));
        }
        for (String c : List.of(PERIOD_TYPE, PERIOD, PERIOD_START, "period_end", "period_complete", LATE_RECORDS)) {
            out.add(col(c));
        }
        for (String c : BurdenModel.PARTS) {
            out.add(col(c)); // burden components, in minutes, for the shares
        }
        for (Indicator i : indicators) {
            Column x = col(i.name());
            Column prev = when(col(YEAR_BEFORE_COMPLETE), col(YEAR_BEFORE + i.name()));
            out.add(inUnit(x, i).as(i.name()));
            out.add(inUnit(prev, i).as(i.name() + "_prev"));
            // per cadre, the change is the burden's: the cadres are the same in both periods, and the
            // ratio's own change would round each quotient first (63.75% exactly came out 63.7)
            Column change = i == Indicators.BURDEN_HOURS_PER_CADRE
                    ? when(col(CADRES).gt(0), changePct(col(Indicators.BURDEN_HOURS.name()),
                            when(col(YEAR_BEFORE_COMPLETE), col(YEAR_BEFORE + Indicators.BURDEN_HOURS.name())), false))
                    : changePct(x, prev, i.source() != null);
            out.add(change.as(i.name() + "_change_pct"));
        }
        return table.select(out.toArray(new Column[0]));
    }

    /** (x − prev) / prev × 100, unrounded (a double); null when prev is null or 0. */
    public static Column changePctUnrounded(Column x, Column prev) {
        return when(prev.notEqual(0), x.minus(prev).multiply(100).divide(prev));
    }

    /** (x − prev) / prev × 100 of whole numbers, rounded half-up to one decimal; null when prev is null or 0. */
    public static Column changePct(Column x, Column prev) {
        return changePct(x, prev, true);
    }

    /**
     * (x − prev) / prev × 100, rounded half-up (away from zero) to one decimal; null when prev is
     * null or 0. Whole numbers are computed exactly on longs: tenths of a percent are
     * (|x − prev| × 1000 × 2 + |prev|) div (2 × |prev|), with the sign of the quotient; fractional
     * ones in decimal arithmetic (exact to 6 decimals).
     */
    public static Column changePct(Column x, Column prev, boolean wholeNumbers) {
        Column zeroBase = prev.isNull().or(prev.equalTo(0));
        if (wholeNumbers) {
            Column p = prev.cast(DataTypes.LongType);
            Column d = x.cast(DataTypes.LongType).minus(p).multiply(lit(1000L));
            Column tenths = call_function("div", abs(d).multiply(lit(2L)).plus(abs(p)), abs(p).multiply(lit(2L)));
            Column signed = when(d.lt(0).notEqual(p.lt(0)), tenths.unary_$minus()).otherwise(tenths);
            return when(zeroBase, lit(null).cast(DataTypes.DoubleType))
                    .otherwise(signed.cast(DataTypes.DoubleType).divide(lit(10.0)));
        }
        String exact = "decimal(30,6)";
        Column pct = x.cast(exact).minus(prev.cast(exact)).multiply(lit(100)).divide(prev.cast(exact));
        return when(zeroBase, lit(null).cast(DataTypes.DoubleType)).otherwise(round(pct, 1).cast(DataTypes.DoubleType));
    }

    private static Column inUnit(Column sum, Indicator indicator) {
        return indicator.unit() == Indicator.Unit.HOURS
                ? HalfUp.round(sum.cast(DataTypes.DoubleType).divide(60.0), Indicator.HOURS_DECIMALS)
                : sum;
    }
}
