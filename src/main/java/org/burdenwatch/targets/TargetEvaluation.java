package org.burdenwatch.targets;

import org.burdenwatch.records.TargetsFile;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.DataCompleteness;
import org.burdenwatch.indicators.IndicatorTables;

/**
 * Targets as Dataset transforms: the county table → one row per division × period × target with
 * the value, threshold and status (met, missed, not_applicable, or unverified: met on records
 * that are not complete for the period, with the reason), and the count of missed targets back on
 * the county table.
 */
public final class TargetEvaluation {
    private TargetEvaluation() {
    }

    public static final String MET = "met";
    public static final String MISSED = "missed";
    public static final String NOT_APPLICABLE = "not_applicable";
    /** Met on records that are not complete for the period (quality/completeness): not to be quoted as met. */
    public static final String UNVERIFIED = "unverified";

    /**
     * One row per division × period × target that applies to it, in one pass over the county rows:
     * each row carries every target's result, and the ones that apply are kept.
     */
    public static Dataset<Row> evaluate(Dataset<Row> county, TargetsFile file) {
        return evaluate(county, file, null);
    }

    /** The prefix of a county row's year-before value as first published, when it was revised upwards since. */
    private static final String FIRST_PREV = "_first_prev_";

    /**
     * As {@link #evaluate(Dataset, TargetsFile)}, with {@code firstBases} (null: none): the figures whose
     * year-before value was revised since it was first published, with that value as first published
     * (division_code, period, indicator, and the value in the fourth column). A year-on-year target met
     * on a base revised upwards since, and missed on the base as first published, is unverified.
     */
    public static Dataset<Row> evaluate(Dataset<Row> county, TargetsFile file, Dataset<Row> firstBases) {
        Column division = col(IndicatorTables.DIVISION_CODE);
        List<String> yoy = file.targets().stream().filter(t -> t.yoyReductionPct() != null)
                .map(TargetsFile.Target::indicator).distinct().toList();
        Dataset<Row> rows = county;
        if (firstBases != null && !yoy.isEmpty()) {
            String value = firstBases.columns()[3];
            Dataset<Row> pivoted = firstBases.filter(col("indicator").isin(yoy.toArray()))
                    .groupBy(col(IndicatorTables.DIVISION_CODE).as("_f_division"), col(IndicatorTables.PERIOD).as("_f_period"))
                    .pivot("indicator", new ArrayList<>(yoy)).agg(first(col(value)));
            for (String i : yoy) {
                pivoted = pivoted.withColumnRenamed(i, FIRST_PREV + i);
            }
            rows = county.join(pivoted, division.equalTo(col("_f_division"))
                    .and(col(IndicatorTables.PERIOD).equalTo(col("_f_period"))), "left");
        }
        List<String> columns = Arrays.asList(rows.columns());
        return rows.select(division, col("division_name"), col(IndicatorTables.PERIOD_TYPE),
                        col(IndicatorTables.PERIOD), col(DataCompleteness.DATA_GAPS), col("period_complete"),
                        explode(everyResult(file, columns)).as("_t"))
                .filter(col("_t.applies"))
                .select(division, col("division_name"), col(IndicatorTables.PERIOD_TYPE), col(IndicatorTables.PERIOD),
                        col("_t.target").as("target"), col("_t.indicator").as("indicator"),
                        col("_t.direction").as("direction"), col("_t.value").as("value"),
                        col("_t.threshold").as("threshold"), col("_t.status").as("status"),
                        when(col("_t.status").equalTo(UNVERIFIED), coalesce(col("_t.reason"),
                                col(DataCompleteness.DATA_GAPS))).as("unverified_reason"),
                        col("_t.rule").as("rule"), col("period_complete"));
    }

    /** The type of one target's result for a row ({@link #results}). */
    private static final StructType RESULT = new StructType().add("target", DataTypes.StringType)
            .add("indicator", DataTypes.StringType).add("direction", DataTypes.StringType)
            .add("value", DataTypes.DoubleType).add("threshold", DataTypes.DoubleType)
            .add("status", DataTypes.StringType).add("rule", DataTypes.StringType).add("applies", DataTypes.BooleanType)
            .add("reason", DataTypes.StringType);

    /** Every target's result as an array; a file without targets gives none (an empty array has no type). */
    private static Column everyResult(TargetsFile file, List<String> columns) {
        List<Column> results = results(file, columns);
        return results.isEmpty() ? lit(null).cast(DataTypes.createArrayType(RESULT))
                : array(results.toArray(new Column[0]));
    }

    /** Adds targets_missed: how many of the targets that apply to the row's division and period it missed. */
    public static Dataset<Row> withTargetsMissed(Dataset<Row> county, TargetsFile file) {
        Column missed = lit(0L);
        for (Column r : results(file, List.of(county.columns()))) {
            missed = missed.plus(when(r.getField("applies").and(r.getField("status").equalTo(MISSED)), lit(1L))
                    .otherwise(lit(0L)));
        }
        return county.withColumn("targets_missed", missed);
    }

    /**
     * Every target's result for a county row (of the given columns): what it tests, the value, the
     * threshold, the status, whether it applies, and why a met target is unverified when its base
     * was revised upwards after it was first published.
     */
    private static List<Column> results(TargetsFile file, List<String> columns) {
        List<Column> results = new ArrayList<>();
        Column division = col(IndicatorTables.DIVISION_CODE);
        for (TargetsFile.Target t : file.targets()) {
            Column applies = col(IndicatorTables.PERIOD_TYPE).isin(t.periodTypes().toArray());
            if (!t.divisions().isEmpty()) {
                applies = applies.and(division.isin(t.divisions().toArray()));
            } else {
                List<String> named = new ArrayList<>();
                for (TargetsFile.Target other : file.targets()) {
                    if (other.name().equals(t.name())) {
                        named.addAll(other.divisions());
                    }
                }
                if (!named.isEmpty()) {
                    applies = applies.and(division.isin(named.toArray()).unary_$bang());
                }
            }
            Column value = col(t.indicator()).cast(DataTypes.DoubleType);
            Column threshold = t.threshold() != null
                    ? lit(t.threshold()).cast(DataTypes.DoubleType)
                    : col(t.indicator() + "_prev").cast(DataTypes.DoubleType).multiply(1 - t.yoyReductionPct() / 100.0);
            Column holds = t.isCap() ? value.leq(threshold) : value.geq(threshold);
            // a target held on incomplete records is unverified: a month without records is not a month without burden
            Column complete = coalesce(col(DataCompleteness.DATA_COMPLETE), lit(false));
            Column reason = lit(null).cast(DataTypes.StringType);
            if (t.yoyReductionPct() != null && columns.contains(FIRST_PREV + t.indicator())) {
                // met on a base revised upwards after publication, missed on the base as first published
                Column first = col(FIRST_PREV + t.indicator()).cast(DataTypes.DoubleType);
                Column prev = col(t.indicator() + "_prev").cast(DataTypes.DoubleType);
                Column firstThreshold = first.multiply(1 - t.yoyReductionPct() / 100.0);
                Column holdsFirst = t.isCap() ? value.leq(firstThreshold) : value.geq(firstThreshold);
                reason = when(first.isNotNull().and(prev.gt(first)).and(holds).and(holdsFirst.unary_$bang()),
                        format_string("base revised upwards after publication: met on the base %s, missed on the "
                                + "base as first published, %s (threshold %.2f) / 同期基数事后上调:按现基数达标,"
                                + "按首次发布的基数 %s 未达标", prev.cast(DataTypes.StringType),
                                first.cast(DataTypes.StringType), firstThreshold, first.cast(DataTypes.StringType)));
            }
            Column status = when(value.isNull().or(threshold.isNull()), lit(NOT_APPLICABLE))
                    .when(holds, when(complete.and(reason.isNull()), lit(MET)).otherwise(lit(UNVERIFIED)))
                    .otherwise(lit(MISSED));
            results.add(struct(lit(t.name()).as("target"), lit(t.indicator()).as("indicator"),
                    lit(t.direction()).as("direction"), value.as("value"), threshold.as("threshold"),
                    status.as("status"), lit(t.rule()).as("rule"), applies.as("applies"), reason.as("reason")));
        }
        return results;
    }
}
