package org.burdenwatch.targets;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.indicators.IndicatorTables;

/**
 * Targets as Dataset transforms: the county table → one row per division × period × target with
 * the value, threshold and status (met, missed, not_applicable), and the count of missed targets
 * back on the county table.
 */
public final class TargetEvaluation {
    private TargetEvaluation() {
    }

    public static final String MET = "met";
    public static final String MISSED = "missed";
    public static final String NOT_APPLICABLE = "not_applicable";

    public static Dataset<Row> evaluate(Dataset<Row> county, TargetsFile file) {
        List<Dataset<Row>> parts = new ArrayList<>();
        for (TargetsFile.Target t : file.targets()) {
            Column division = col(IndicatorTables.DIVISION_CODE);
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
                    ? lit(t.threshold())
                    : col(t.indicator() + "_prev").cast(DataTypes.DoubleType).multiply(1 - t.yoyReductionPct() / 100.0);
            Column holds = t.isCap() ? value.leq(threshold) : value.geq(threshold);
            Column status = when(value.isNull().or(threshold.isNull()), lit(NOT_APPLICABLE))
                    .when(holds, lit(MET)).otherwise(lit(MISSED));
            parts.add(county.filter(applies).select(division, col("division_name"), col(IndicatorTables.PERIOD_TYPE),
                    col(IndicatorTables.PERIOD), lit(t.name()).as("target"), lit(t.indicator()).as("indicator"),
                    lit(t.direction()).as("direction"), value.as("value"), threshold.as("threshold"),
                    status.as("status"), lit(t.rule()).as("rule")));
        }
        Dataset<Row> all = parts.get(0);
        for (Dataset<Row> p : parts.subList(1, parts.size())) {
            all = all.unionByName(p);
        }
        return all;
    }

    /** Adds targets_missed: how many targets the division missed in the period. */
    public static Dataset<Row> withTargetsMissed(Dataset<Row> county, Dataset<Row> targets) {
        Dataset<Row> missed = targets.filter(col("status").equalTo(MISSED))
                .groupBy(col(IndicatorTables.DIVISION_CODE).as("_t_division"), col(IndicatorTables.PERIOD_TYPE).as("_t_type"),
                        col(IndicatorTables.PERIOD).as("_t_period"))
                .agg(count(lit(1)).as("_t_missed"));
        return county.join(missed, col(IndicatorTables.DIVISION_CODE).equalTo(col("_t_division"))
                        .and(col(IndicatorTables.PERIOD_TYPE).equalTo(col("_t_type")))
                        .and(col(IndicatorTables.PERIOD).equalTo(col("_t_period"))), "left")
                .withColumn("targets_missed", coalesce(col("_t_missed"), lit(0L)))
                .drop("_t_division", "_t_type", "_t_period", "_t_missed");
    }
}
