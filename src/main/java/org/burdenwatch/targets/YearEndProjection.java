package org.burdenwatch.targets;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.TargetsFile;

/**
 * Mid-year, whether a division is on track for its yearly targets. For the year the records end
 * in (before December), each target on a sum over months gets the year-to-date value projected
 * to the year: value / share, where share is the part of last year's total that fell in the same
 * months (its seasonality), or months elapsed / 12 when last year is not wholly covered or had
 * none. The projection is held to the target's threshold: {@code on_track} or {@code at_risk}.
 */
public final class YearEndProjection {
    private YearEndProjection() {
    }

    public static final String ON_TRACK = "on_track";
    public static final String AT_RISK = "at_risk";
    public static final String PROJECTED_VALUE = "projected_value";
    public static final String PROJECTED_STATUS = "projected_status";

    /**
     * The sum over months a target's indicator grows with: itself for an indicator summed over its
     * months (documents issued, meetings held); inspections for the plan-cap use (the cap is fixed
     * for the year); null for a state, a share or a flag, which a year-to-date value does not project.
     */
    public static String basis(String indicator) {
        if ("inspection_plan_cap_use".equals(indicator)) {
            return "inspections_total";
        }
        for (Indicator i : Indicators.COUNTY_TABLE) {
            if (i.name().equals(indicator) && i.over() == Indicator.Over.SUM) {
                return indicator;
            }
        }
        return null;
    }

    /**
     * The county rows a projection reads ({@code county} of {@link #withProjections}): the rows a run
     * computed, and the published rows of the months of the year before that a rerun keeps
     * ({@code keptMonths}, their labels; {@code published} is not read when there are none).
     */
    public static Dataset<Row> countyMonths(Dataset<Row> computed, Dataset<Row> published, List<String> keptMonths) {
        if (keptMonths.isEmpty()) {
            return computed;
        }
        return computed.unionByName(published.filter(col(IndicatorTables.PERIOD_TYPE).equalTo("month")
                        .and(col(IndicatorTables.PERIOD).isin(keptMonths.toArray())))
                .select(Arrays.stream(computed.columns()).map(functions::col).toArray(Column[]::new)));
    }

    /**
     * Adds projected_value and projected_status to target rows (null but for the year-to-date rows).
     *
     * @param targets rows of {@link TargetEvaluation#evaluate}
     * @param county  county rows of the months of the records' last year and the year before
     * @param first   the first month the records cover
     * @param last    the last month the records cover
     */
    public static Dataset<Row> withProjections(Dataset<Row> targets, Dataset<Row> county, TargetsFile file,
                                               YearMonth first, YearMonth last) {
        int year = last.getYear();
        int elapsed = last.getMonthValue();
        boolean yearToDate = elapsed < 12 && !first.isAfter(YearMonth.of(year, 1));
        Set<String> bases = new LinkedHashSet<>();
        for (TargetsFile.Target t : file.targets()) {
            if (t.periodTypes().contains("year") && basis(t.indicator()) != null) {
                bases.add(basis(t.indicator()));
            }
        }
        bases.removeIf(b -> !List.of(county.columns()).contains(b));
        Column none = lit(null).cast(DataTypes.DoubleType);
        if (!yearToDate || bases.isEmpty()) {
            return targets.withColumn(PROJECTED_VALUE, none).withColumn(PROJECTED_STATUS, lit(null).cast("string"));
        }
        Column uniform = lit(elapsed / 12.0);
        boolean lastYearCovered = !first.isAfter(YearMonth.of(year - 1, 1));
        Dataset<Row> shares;
        List<Column> aggs = new ArrayList<>();
        Column sameMonths = substring(col(IndicatorTables.PERIOD), 6, 2).cast("int").leq(elapsed);
        for (String b : bases) {
            Column x = col(b).cast(DataTypes.DoubleType);
            // null when last year had none (a share of nothing): the projection is then uniform
            aggs.add(when(sum(x).gt(0), sum(when(sameMonths, x).otherwise(lit(0.0))).divide(sum(x)))
                    .as("_share_" + b));
        }
        shares = county.filter(col(IndicatorTables.PERIOD_TYPE).equalTo("month")
                        .and(col(IndicatorTables.PERIOD).startsWith((year - 1) + "-")))
                .groupBy(col(IndicatorTables.DIVISION_CODE).as("_s_division"))
                .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
        Dataset<Row> joined = targets.join(broadcast(shares),
                col(IndicatorTables.DIVISION_CODE).equalTo(col("_s_division")), "left");
        Column share = none;
        for (String b : bases) {
            // seasonality from last year's same months; uniform when last year is not covered or shows none
            Column seasonal = lastYearCovered ? col("_share_" + b) : none;
            Column usable = when(seasonal.isNotNull().and(seasonal.gt(0)), seasonal).otherwise(uniform);
            for (TargetsFile.Target t : file.targets()) {
                if (b.equals(basis(t.indicator()))) {
                    share = when(col("indicator").equalTo(t.indicator()), usable).otherwise(share);
                }
            }
        }
        Column applies = col(IndicatorTables.PERIOD_TYPE).equalTo("year")
                .and(col(IndicatorTables.PERIOD).equalTo(String.valueOf(year))).and(col("value").isNotNull());
        Column projected = when(applies, col("value").divide(share));
        Column holds = when(col("direction").equalTo("at_most"), projected.leq(col("threshold")))
                .otherwise(projected.geq(col("threshold")));
        Column status = when(projected.isNull().or(col("threshold").isNull()), lit(null).cast("string"))
                .when(holds, lit(ON_TRACK)).otherwise(lit(AT_RISK));
        List<Column> out = new ArrayList<>();
        for (String c : targets.columns()) {
            out.add(col(c));
        }
        out.add(projected.as(PROJECTED_VALUE));
        out.add(status.as(PROJECTED_STATUS));
        return joined.select(out.toArray(Column[]::new));
    }
}
