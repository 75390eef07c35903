package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.records.TargetsFile;

/**
 * What the indicator tables derive from the sums: burden hours (the Standard Cost Model used by
 * the OECD and the EU for administrative burden: time × quantity), per-cadre rates, shares, the
 * 督检考 plan cap's use, 平时分, and the burden-shifted flag.
 */
final class BurdenModel {
    private BurdenModel() {
    }

    /** Burden components in minutes, in the order of {@link #SHARES}. */
    static final List<String> PARTS = List.of("_burden_meetings", "_burden_tasks", "_burden_documents",
            "_burden_inspections");
    /** The decimals a share of burden_hours (and the plan cap's use) is rounded to, half-up. */
    static final int SHARE_DECIMALS = 4;
    static final List<String> SHARES = List.of("burden_share_meetings", "burden_share_tasks", "burden_share_documents",
            "burden_share_inspections");

    private static boolean has(Dataset<Row> t, String column) {
        return Arrays.asList(t.columns()).contains(column);
    }

    /** A sum that exists and whose source was supplied, else null. */
    private static Column sumOf(Dataset<Row> t, Set<IndicatorSource> supplied, IndicatorSource source, String name) {
        return has(t, name) && supplied.contains(source) ? col(name).cast(DataTypes.DoubleType)
                : lit(null).cast(DataTypes.DoubleType);
    }

    /** The burden components in minutes (in the order of {@link #PARTS}) from the sums named prefix + indicator. */
    private static List<Column> parts(Dataset<Row> sums, Set<IndicatorSource> sources, TargetsFile.Parameters p,
                                      String prefix) {
        Column meetings = sumOf(sums, sources, IndicatorSource.MEETINGS, prefix + "grassroots_attendee_hours");
        Column tasks = sumOf(sums, sources, IndicatorSource.TASKS, prefix + "task_recipient_minutes");
        // township reports are summed per record division before the roll-up: a prefecture's are its
        // counties' and its organs', never its documents times all its townships
        Column documents = sumOf(sums, sources, IndicatorSource.DOCUMENTS,
                prefix + Indicators.TOWNSHIP_REPORTS_DEMANDED.name()).multiply(p.hoursPerReport() * 60);
        Column inspections = sumOf(sums, sources, IndicatorSource.INSPECTIONS, prefix + "units_inspected")
                .multiply(p.hoursPerInspectedUnit() * 60);
        return List.of(meetings, tasks, documents, inspections);
    }

    /** The components' total, null when every component is. */
    private static Column total(List<Column> parts) {
        Column anyPart = parts.get(0).isNotNull();
        Column total = coalesce(parts.get(0), lit(0.0));
        for (Column part : parts.subList(1, parts.size())) {
            anyPart = anyPart.or(part.isNotNull());
            total = total.plus(coalesce(part, lit(0.0)));
        }
        return when(anyPart, total);
    }

    /**
     * Adds the components and burden_hours / burden_hours_per_cadre, in minutes (converted with the
     * rest), and the two hours' year-before values ({@link IndicatorTables#YEAR_BEFORE}) from the
     * year-before sums.
     */
    static Dataset<Row> withBurdenHours(Dataset<Row> sums, Set<IndicatorSource> sources, TargetsFile.Parameters p) {
        List<Column> parts = parts(sums, sources, p, "");
        Map<String, Column> added = new LinkedHashMap<>(); // one analysis of the wide plan, not one a column
        for (int i = 0; i < parts.size(); i++) {
            added.put(PARTS.get(i), parts.get(i));
        }
        Dataset<Row> t = withAdded(sums, added);
        Column cadres = col(IndicatorTables.CADRES);
        Map<String, Column> hours = new LinkedHashMap<>();
        for (String prefix : List.of("", IndicatorTables.YEAR_BEFORE)) {
            Column burden = prefix.isEmpty() ? total(PARTS.stream().map(functions::col).toList())
                    : total(parts(sums, sources, p, prefix));
            hours.put(prefix + Indicators.BURDEN_HOURS.name(), burden);
            hours.put(prefix + Indicators.BURDEN_HOURS_PER_CADRE.name(), when(cadres.gt(0), burden.divide(cadres)));
        }
        return withAdded(t, hours);
    }

    /**
     * The table with new columns after its own, in the map's order, in one projection: one analysis
     * of a wide plan instead of one a column ({@code Dataset.withColumns(Map)} would lose the order).
     */
    private static Dataset<Row> withAdded(Dataset<Row> t, Map<String, Column> added) {
        List<Column> columns = new ArrayList<>();
        for (String c : t.columns()) {
            if (added.containsKey(c)) {
                throw new IllegalStateException("column " + c + " exists already");
            }
            columns.add(col(c));
        }
        added.forEach((name, c) -> columns.add(c.as(name)));
        return t.select(columns.toArray(Column[]::new));
    }

    /** Adds rates and shares (no year-on-year: they are ratios), 平时分 and burden_shifted. */
    static Dataset<Row> withRates(Dataset<Row> t, Set<IndicatorSource> sources, IndicatorTables.Model model) {
        Column partsTotal = lit(0.0);
        for (String part : PARTS) {
            partsTotal = partsTotal.plus(coalesce(col(part), lit(0.0)));
        }
        Map<String, Column> rates = new LinkedHashMap<>(); // added at once: one analysis of the wide plan
        for (int i = 0; i < PARTS.size(); i++) {
            rates.put(SHARES.get(i), when(col(Indicators.BURDEN_HOURS.name()).isNotNull(),
                    Indicators.Ratio.of(coalesce(col(PARTS.get(i)), lit(0.0)), partsTotal, SHARE_DECIMALS)));
        }
        for (Indicators.Derived d : Indicators.DERIVED) {
            if (d.ratio() != null) {
                rates.put(d.name(), d.ratio().column());
            }
        }
        if (has(t, "inspections_total")) {
            Map<String, Long> caps = model.parameters().inspectionPlanCaps();
            Column cap = lit(null).cast(DataTypes.LongType);
            for (Map.Entry<String, Long> e : caps.entrySet()) {
                cap = when(col(IndicatorTables.DIVISION_CODE).equalTo(e.getKey()), lit(e.getValue())).otherwise(cap);
            }
            rates.put("inspection_plan_cap", cap);
            rates.put("inspection_plan_cap_use", Indicators.Ratio.of(col("inspections_total"), cap, SHARE_DECIMALS));
        }
        t = withAdded(t, rates).drop(PARTS.toArray(new String[0]));
        if (has(t, "parent_code")) { // the county table: assessments and the shifted-burden flag
            t = withRoutineScoreShare(t, model.assessments());
            t = withBurdenShifted(t, model.parameters().burdenShiftMarginPct());
        }
        return t;
    }

    /** 平时分 of the period's year (year rows; carried to the year's months, quarters and halves). */
    private static Dataset<Row> withRoutineScoreShare(Dataset<Row> t, Dataset<Row> assessments) {
        if (assessments == null) {
            return t.withColumn("routine_score_share", lit(null).cast(DataTypes.DoubleType));
        }
        Dataset<Row> shares = assessments.select(col("county_code").as("_a_division"), col("year").as("_a_year"),
                col("routine_score_share").as("_a_share"));
        return t.join(functions.broadcast(shares), col(IndicatorTables.DIVISION_CODE).equalTo(col("_a_division"))
                        .and(year(col("period_start")).equalTo(col("_a_year"))), "left")
                .withColumn("routine_score_share", col("_a_share"))
                .drop("_a_division", "_a_year", "_a_share");
    }

    /**
     * Burden shifted, not reduced (变相发文): documents and meetings fell year on year while platform
     * tasks or task recipient-minutes rose by more than the margin (a rise from zero counts).
     * False when documents or meetings did not fall; null when the figures behind it are missing.
     */
    private static Dataset<Row> withBurdenShifted(Dataset<Row> t, double marginPct) {
        double factor = 1 + marginPct / 100.0;
        Column formalFell = col("documents_issued").lt(col("documents_issued_prev"))
                .and(col("meetings_held").lt(col("meetings_held_prev")));
        Column formalKnown = col("documents_issued_prev").isNotNull().and(col("meetings_held_prev").isNotNull());
        Column tasksRose = coalesce(col("tasks_pushed").gt(col("tasks_pushed_prev").multiply(factor)), lit(false))
                .or(coalesce(col("task_recipient_minutes").gt(col("task_recipient_minutes_prev").multiply(factor)),
                        lit(false)));
        Column tasksKnown = col("tasks_pushed_prev").isNotNull().or(col("task_recipient_minutes_prev").isNotNull());
        return t.withColumn("burden_shifted", when(formalKnown.unary_$bang(), lit(null).cast(DataTypes.BooleanType))
                .when(formalFell.unary_$bang(), lit(false))
                .when(tasksKnown, tasksRose));
    }
}
