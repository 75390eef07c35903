package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.Vocabularies;
import org.burdenwatch.validation.DivisionDirectory;

/**
 * Builds indicators/county and indicators/township from clean records: one row per division ×
 * period over the covered months, zeros where a supplied type has no records, nulls where a type
 * was not supplied, and for each indicator X its {@code X_prev} and {@code X_change_pct}.
 */
public final class IndicatorTables {
    private IndicatorTables() {
    }

    public static final String DIVISION_CODE = "division_code";
    public static final String PERIOD_TYPE = "period_type";
    public static final String PERIOD = "period";
    public static final String TOWNSHIPS = "townships";
    public static final String CADRES = "grassroots_cadres";
    private static final String[] KEYS = {DIVISION_CODE, PERIOD_TYPE, PERIOD};
    private static final String PREV_PERIOD = "_prev_period";

    /** The inputs: the clean records of each source, absent (null) when its folder was not supplied. */
    public record Sources(Map<IndicatorSource, Dataset<Row>> records) {
        public static Sources of(Map<IndicatorSource, Dataset<Row>> supplied) {
            Map<IndicatorSource, Dataset<Row>> all = new EnumMap<>(IndicatorSource.class);
            all.putAll(supplied);
            return new Sources(all);
        }

        boolean supplied(IndicatorSource s) {
            return records.get(s) != null;
        }
    }

    /** Every period overlapping first..last, with start/end, completeness and its 同期 label. */
    public static Dataset<Row> periods(SparkSession spark, YearMonth first, YearMonth last) {
        StructType schema = new StructType()
                .add(PERIOD_TYPE, DataTypes.StringType, false)
                .add(PERIOD, DataTypes.StringType, false)
                .add("start_day", DataTypes.IntegerType, false)
                .add("end_day", DataTypes.IntegerType, false)
                .add("period_complete", DataTypes.BooleanType, false)
                .add(PREV_PERIOD, DataTypes.StringType, false);
        List<Row> rows = new ArrayList<>();
        for (Period p : Period.overlapping(first, last)) {
            rows.add(RowFactory.create(p.type(), p.label(), (int) p.start().toEpochDay(), (int) p.end().toEpochDay(),
                    p.isCoveredBy(first, last), p.previousYear().label()));
        }
        return spark.createDataFrame(rows, schema)
                .select(col(PERIOD_TYPE), col(PERIOD),
                        expr("date_from_unix_date(start_day)").as("period_start"),
                        expr("date_from_unix_date(end_day)").as("period_end"),
                        col("period_complete"), col(PREV_PERIOD));
    }

    public static Dataset<Row> countyTable(SparkSession spark, Sources sources, DivisionDirectory divisions,
                                           Dataset<Row> periods, Model model) {
        return countyTable(spark, sources, divisions, periods, model, null, sums -> sums).table();
    }

    /**
     * The county table of the given periods; {@code knownSums} (nullable) are the exact sums of
     * other periods, from an earlier run, that year-on-year columns may compare against;
     * {@code keepSums} stores the sums (e.g. writes them) and returns what the table is built from.
     */
    public static Built countyTable(SparkSession spark, Sources sources, DivisionDirectory divisions,
                                    Dataset<Row> periods, Model model, Dataset<Row> knownSums,
                                    UnaryOperator<Dataset<Row>> keepSums) {
        List<Row> grid = new ArrayList<>();
        List<Row> rollup = new ArrayList<>();
        DivisionTotals totals = new DivisionTotals(divisions);
        for (DivisionDirectory.Division d : divisions.all()) {
            if (Indicators.COUNTY_TABLE_LEVELS.contains(d.level())) {
                grid.add(RowFactory.create(d.code(), d.name(), d.level(), d.parentCode(),
                        (long) totals.townshipsUnder(d.code()), totals.cadresOf(d)));
                rollup.add(RowFactory.create(d.code(), d.code()));
                DivisionDirectory.Division parent = d.parentCode() == null ? null : divisions.get(d.parentCode());
                if (Vocabularies.COUNTY.equals(d.level()) && parent != null
                        && Vocabularies.PREFECTURE.equals(parent.level())) {
                    rollup.add(RowFactory.create(d.code(), parent.code())); // prefecture rows sum their counties
                }
            }
        }
        StructType gridSchema = new StructType().add(DIVISION_CODE, DataTypes.StringType)
                .add("division_name", DataTypes.StringType).add("level", DataTypes.StringType)
                .add("parent_code", DataTypes.StringType).add(TOWNSHIPS, DataTypes.LongType)
                .add(CADRES, DataTypes.LongType);
        StructType rollupSchema = new StructType().add("_record_county", DataTypes.StringType)
                .add(DIVISION_CODE, DataTypes.StringType);
        Dataset<Row> rollupTable = broadcast(spark.createDataFrame(rollup, rollupSchema));
        return build(spark.createDataFrame(grid, gridSchema), periods, sources, Indicators.ALL,
                records -> records.join(rollupTable, col("county_code").equalTo(col("_record_county"))), model,
                knownSums, keepSums);
    }

    public static Dataset<Row> townshipTable(SparkSession spark, Sources sources, DivisionDirectory divisions,
                                             Dataset<Row> periods, Model model) {
        return townshipTable(spark, sources, divisions, periods, model, null, sums -> sums).table();
    }

    /** The township table of the given periods, as {@link #countyTable(SparkSession, Sources, DivisionDirectory, Dataset, Model, Dataset)}. */
    public static Built townshipTable(SparkSession spark, Sources sources, DivisionDirectory divisions,
                                      Dataset<Row> periods, Model model, Dataset<Row> knownSums,
                                      UnaryOperator<Dataset<Row>> keepSums) {
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
        return build(spark.createDataFrame(grid, gridSchema), periods, sources, Indicators.forTownships(),
                records -> records.filter(col("township_code").isNotNull())
                        .withColumn(DIVISION_CODE, col("township_code")), model, knownSums, keepSums);
    }

    /**
     * Townships and grassroots cadres per division, from one pass over the directory (a national
     * directory has ≈ 45,000 divisions: a scan per county would be 10⁸ steps on the driver).
     */
    static final class DivisionTotals {
        private final Map<String, Integer> townships = new java.util.HashMap<>();
        private final Map<String, List<DivisionDirectory.Division>> children = new java.util.HashMap<>();
        private final Map<String, Long> cadres = new java.util.HashMap<>();

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

    /** What the burden model adds to the sums: parameters and assessments (null when not supplied). */
    public record Model(org.burdenwatch.targets.TargetsFile.Parameters parameters, Dataset<Row> assessments) {
    }

    /**
     * A table and the exact sums it was computed from (per division × period, before year-on-year
     * and unit conversion, with period_complete): what a later incremental run compares against.
     */
    public record Built(Dataset<Row> sums, Dataset<Row> table) {
    }

    /** How a source's records are attributed to the table's divisions (adds division_code). */
    private interface Attribution {
        Dataset<Row> apply(Dataset<Row> records);
    }

    private static Built build(Dataset<Row> divisionGrid, Dataset<Row> periods, Sources sources,
                               List<Indicator> indicators, Attribution attribution, Model model, Dataset<Row> knownSums,
                               UnaryOperator<Dataset<Row>> keepSums) {
        Dataset<Row> table = divisionGrid.crossJoin(broadcast(periods));
        // events outside the periods' days cannot count: dropped before they are placed and summed
        Row window = periods.agg(functions.min("period_start"), functions.max("period_end")).first();
        Map<IndicatorSource, List<Indicator>> bySource = new LinkedHashMap<>();
        for (Indicator i : indicators) {
            bySource.computeIfAbsent(i.source(), s -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<IndicatorSource, List<Indicator>> e : bySource.entrySet()) {
            IndicatorSource source = e.getKey();
            if (!sources.supplied(source)) {
                continue;
            }
            Dataset<Row> records = sources.records().get(source);
            if (source.isEvent() && !window.isNullAt(0)) {
                records = records.filter(col(source.eventDate()).between(window.get(0), window.get(1)));
            }
            Dataset<Row> measured = aggregate(attribution.apply(records), source, e.getValue(), periods);
            table = table.join(measured, scala.jdk.javaapi.CollectionConverters.asScala(List.of(KEYS)).toSeq(),
                    "left");
        }
        List<Column> totals = new ArrayList<>();
        for (String c : divisionGrid.columns()) {
            totals.add(col(c));
        }
        for (String c : List.of(PERIOD_TYPE, PERIOD, "period_start", "period_end", "period_complete", PREV_PERIOD)) {
            totals.add(col(c));
        }
        for (Indicator i : indicators) {
            totals.add(sources.supplied(i.source())
                    ? coalesce(col(i.name()), lit(0L)).as(i.name())
                    : lit(null).cast(DataTypes.LongType).as(i.name()));
        }
        Dataset<Row> sums = keepSums.apply(BurdenModel.withBurdenHours(table.select(totals.toArray(new Column[0])),
                sources, model.parameters()));
        List<Indicator> withDerived = new ArrayList<>(indicators);
        withDerived.add(Indicators.BURDEN_HOURS);
        withDerived.add(Indicators.BURDEN_HOURS_PER_CADRE);
        Dataset<Row> previous = knownSums == null ? sums
                : sums.unionByName(knownSums.select(columns(sums.columns())));
        Dataset<Row> yearOnYear = withYearOnYear(sums, previous, divisionGrid.columns(), withDerived);
        return new Built(sums, BurdenModel.withRates(yearOnYear, sources, model));
    }

    private static Column[] columns(String[] names) {
        Column[] out = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = col(names[i]);
        }
        return out;
    }

    /** Sums each indicator's measure per division × period. */
    private static Dataset<Row> aggregate(Dataset<Row> attributed, IndicatorSource source, List<Indicator> indicators,
                                          Dataset<Row> periods) {
        Dataset<Row> placed;
        if (source.isEvent()) {
            placed = attributed.withColumn("_period", explode(PeriodColumns.labelsOf(col(source.eventDate()))))
                    .withColumn(PERIOD_TYPE, col("_period.period_type"))
                    .withColumn(PERIOD, col("_period.period"));
        } else {
            placed = attributed.crossJoin(broadcast(periods.select(PERIOD_TYPE, PERIOD, "period_start", "period_end")));
        }
        List<Column> sums = new ArrayList<>();
        for (Indicator i : indicators) {
            sums.add(sum(i.measure()).as(i.name()));
        }
        return placed.groupBy(col(DIVISION_CODE), col(PERIOD_TYPE), col(PERIOD))
                .agg(sums.get(0), sums.subList(1, sums.size()).toArray(new Column[0]));
    }

    /**
     * Adds X_prev (X of the same period a year before, when that period is wholly covered) and
     * X_change_pct = (X − X_prev) / X_prev × 100, half-up to one decimal, null on a zero or null base.
     * Computed on whole-number sums in decimal arithmetic; hours are converted afterwards.
     */
    static Dataset<Row> withYearOnYear(Dataset<Row> table, String[] divisionColumns, List<Indicator> indicators) {
        return withYearOnYear(table, table, divisionColumns, indicators);
    }

    /** As above, X_prev taken from {@code previousSums} (the table's own sums, and others'). */
    static Dataset<Row> withYearOnYear(Dataset<Row> table, Dataset<Row> previousSums, String[] divisionColumns,
                                       List<Indicator> indicators) {
        List<Column> prevColumns = new ArrayList<>(List.of(col(DIVISION_CODE).as("_p_division"),
                col(PERIOD_TYPE).as("_p_type"), col(PERIOD).as("_p_period"), col("period_complete").as("_p_complete")));
        for (Indicator i : indicators) {
            prevColumns.add(col(i.name()).as("_p_" + i.name()));
        }
        Dataset<Row> previous = previousSums.select(prevColumns.toArray(new Column[0]));
        Dataset<Row> joined = table.join(previous, col(DIVISION_CODE).equalTo(col("_p_division"))
                .and(col(PERIOD_TYPE).equalTo(col("_p_type")))
                .and(col(PREV_PERIOD).equalTo(col("_p_period"))), "left");
        List<Column> out = new ArrayList<>();
        for (String c : divisionColumns) {
            out.add(col(c));
        }
        for (String c : List.of(PERIOD_TYPE, PERIOD, "period_start", "period_end", "period_complete")) {
            out.add(col(c));
        }
        for (String c : BurdenModel.PARTS) {
            out.add(col(c)); // burden components, in hours, for the shares
        }
        for (Indicator i : indicators) {
            Column x = col(i.name());
            Column prev = when(col("_p_complete"), col("_p_" + i.name()));
            out.add(inUnit(x, i).as(i.name()));
            out.add(inUnit(prev, i).as(i.name() + "_prev"));
            out.add(changePct(x, prev, i.source() != null).as(i.name() + "_change_pct"));
        }
        return joined.select(out.toArray(new Column[0]));
    }

    /** (x − prev) / prev × 100 of whole numbers, rounded half-up to one decimal; null when prev is null or 0. */
    public static Column changePct(Column x, Column prev) {
        return changePct(x, prev, true);
    }

    /**
     * (x − prev) / prev × 100, rounded half-up to one decimal, in decimal arithmetic (exact for
     * whole numbers, to 6 decimals for fractional ones); null when prev is null or 0.
     */
    public static Column changePct(Column x, Column prev, boolean wholeNumbers) {
        String exact = wholeNumbers ? "decimal(20,0)" : "decimal(30,6)";
        Column pct = x.cast(exact).minus(prev.cast(exact)).multiply(lit(100)).divide(prev.cast(exact));
        return when(prev.isNull().or(prev.equalTo(0)), lit(null).cast(DataTypes.DoubleType))
                .otherwise(round(pct, 1).cast(DataTypes.DoubleType));
    }

    private static Column inUnit(Column sum, Indicator indicator) {
        return indicator.unit() == Indicator.Unit.HOURS
                ? round(sum.cast(DataTypes.DoubleType).divide(60.0), 2)
                : sum;
    }
}
