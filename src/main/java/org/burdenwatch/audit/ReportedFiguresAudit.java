package org.burdenwatch.audit;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.indicators.IndicatorTables;

/**
 * Audits the figures counties reported themselves against the records: each reported figure
 * beside the computed one, a verdict and a plain explanation in English and Chinese.
 *
 * <p>Verdicts: {@code consistent} (counts equal, change within 0.1 percentage point),
 * {@code value_mismatch}, {@code change_wrong_base} (the stated change, signed by its direction,
 * equals (cur − prev) / cur: the current period used as the denominator, as in the seed article's
 * "415 against 496, down 19.5%", which is (415 − 496) / 415), {@code change_misstated},
 * {@code not_computable}; and {@link #BASE_INFLATED} when the stated change holds only on a base
 * revised upwards after it was first published.
 */
public final class ReportedFiguresAudit {
    private ReportedFiguresAudit() {
    }

    /** How close a stated change must be, in percentage points. */
    public static final double TOLERANCE_PP = 0.1;

    /** The county table in long form: one row per division × period × year-on-year indicator. */
    static Dataset<Row> computedFigures(Dataset<Row> county, List<Indicator> indicators) {
        List<Column> select = new ArrayList<>(List.of(col("division_code").as("_c_division"),
                col("period").as("_c_period")));
        List<Column> figures = new ArrayList<>();
        for (Indicator i : indicators) {
            select.add(struct(col(i.name()).cast(DataTypes.DoubleType).as("computed_value"),
                    col(i.name() + "_prev").cast(DataTypes.DoubleType).as("computed_prev_value")).as(i.name()));
            figures.add(col(i.name()));
        }
        return county.select(select.toArray(Column[]::new))
                .unpivot(new Column[] {col("_c_division"), col("_c_period")}, figures.toArray(Column[]::new),
                        "_c_indicator", "_c_figures")
                .select(col("_c_division"), col("_c_period"), col("_c_indicator"),
                        col("_c_figures.computed_value").as("computed_value"),
                        col("_c_figures.computed_prev_value").as("computed_prev_value"));
    }

    /** The verdict the audit gives when a county's base was revised upwards after publication and its claim rests on that. */
    public static final String BASE_INFLATED = "base_inflated_after_publication";

    /**
     * The audit of reported figures against the county table; {@code firstBases} (null: none) holds,
     * for a figure whose year-before value was revised since it was first published, that value as
     * first published: division_code, period (the figure's), indicator, first_published_prev_value.
     * A figure is then judged against the base as first published, what the county saw when it
     * reported; one that matches only the base revised upwards since is {@link #BASE_INFLATED}.
     */
    public static Dataset<Row> audit(Dataset<Row> reported, Dataset<Row> county, List<Indicator> indicators,
                                     Dataset<Row> firstBases) {
        Dataset<Row> joined = reported.join(computedFigures(county, indicators),
                col("county_code").equalTo(col("_c_division")).and(col("period").equalTo(col("_c_period")))
                        .and(col("indicator").equalTo(col("_c_indicator"))), "left");
        Column firstPrev = lit(null).cast(DataTypes.DoubleType);
        if (firstBases != null) {
            joined = joined.join(firstBases.select(col("division_code").as("_f_division"), col("period").as("_f_period"),
                            col("indicator").as("_f_indicator"), col(FIRST_PUBLISHED_PREV).cast(DataTypes.DoubleType)
                                    .as(FIRST_PUBLISHED_PREV)),
                    col("county_code").equalTo(col("_f_division")).and(col("period").equalTo(col("_f_period")))
                            .and(col("indicator").equalTo(col("_f_indicator"))), "left");
            firstPrev = col(FIRST_PUBLISHED_PREV);
        }
        Column cur = col("computed_value");
        Column prev = col("computed_prev_value");
        Column changeRounded = IndicatorTables.changePct(cur, prev, false);
        Column stated = col("reported_change_pct");
        Column signed = when(col("direction").equalTo("decrease"), abs(stated).unary_$minus())
                .when(col("direction").equalTo("increase"), abs(stated)).otherwise(stated);
        // the base a county saw when it reported: as first published, when it was revised upwards since
        Column inflated = firstPrev.isNotNull().and(prev.isNotNull()).and(prev.gt(firstPrev));
        Column base = when(inflated, firstPrev).otherwise(prev);
        Column onRevised = verdict(cur, prev, signed);
        Column onFirst = verdict(cur, base, signed);
        Column verdict = when(inflated.and(onRevised.equalTo("consistent")).and(onFirst.notEqual("consistent")),
                lit(BASE_INFLATED)).otherwise(onFirst);
        Column explanation = when(verdict.equalTo(BASE_INFLATED), format_string(
                        "the stated %s%% matches %s vs %s, a base revised upwards after it was first published as %s; "
                                + "on that base the change is %s%% / 所报 %s%% 与 %s 对 %s 相符,但同期基数首次发布为 %s,"
                                + "系事后上调;按首次发布的基数同比为 %s%%",
                        pct(signed), num(cur), num(prev), num(firstPrev), pct(IndicatorTables.changePct(cur, firstPrev,
                                false)), pct(signed), num(cur), num(prev), num(firstPrev),
                        pct(IndicatorTables.changePct(cur, firstPrev, false))))
                .otherwise(concat(explanation(onFirst, cur, base, signed), when(inflated, format_string(
                        " (judged on the base as first published, %s; revised since to %s / 按首次发布的同期基数 %s 核查,"
                                + "其后修订为 %s)", num(firstPrev), num(prev), num(firstPrev), num(prev)))
                        .otherwise(lit(""))));
        return joined.select(col("county_code").as("division_code"), col("period"), col("indicator"),
                col("reported_value"), col("reported_prev_value"), col("reported_change_pct"), col("direction"),
                col("source"), cur.as("computed_value"), prev.as("computed_prev_value"),
                changeRounded.as("computed_change_pct"), signed.as("reported_change_signed_pct"),
                verdict.as("verdict"), explanation.as("explanation"), when(inflated, firstPrev).as(FIRST_PUBLISHED_PREV),
                col("source_file"), col("source_line"));
    }

    /** The column of the audit (and of {@code firstBases}): a revised base as it was first published. */
    public static final String FIRST_PUBLISHED_PREV = "first_published_prev_value";

    /** The verdict of a reported figure against the values {@code cur} and {@code prev}. */
    private static Column verdict(Column cur, Column prev, Column signed) {
        // the one year-on-year formula of the indicator tables: null on a zero or missing base
        Column change = IndicatorTables.changePctUnrounded(cur, prev);
        // the seed article's mistake: the current period as the base, (cur − prev) / cur
        Column wrongBase = IndicatorTables.changePctUnrounded(prev, cur).unary_$minus();
        Column valueMismatch = col("reported_value").isNotNull().and(col("reported_value").notEqual(cur))
                .or(col("reported_prev_value").isNotNull().and(col("reported_prev_value").notEqual(prev)));
        return when(cur.isNull(), lit("not_computable"))
                .when(valueMismatch, lit("value_mismatch"))
                .when(signed.isNull(), lit("consistent"))
                .when(change.isNull(), lit("not_computable"))
                .when(abs(signed.minus(change)).leq(TOLERANCE_PP + 1e-9), lit("consistent"))
                .when(wrongBase.isNotNull().and(abs(signed.minus(wrongBase)).leq(TOLERANCE_PP + 1e-9)),
                        lit("change_wrong_base"))
                .otherwise(lit("change_misstated"));
    }

    /** Why a figure got its verdict, in English and Chinese. */
    private static Column explanation(Column verdict, Column cur, Column prev, Column signed) {
        Column changeRounded = IndicatorTables.changePct(cur, prev, false);
        return when(verdict.equalTo("not_computable"), format_string(
                        "the records do not give %s for %s %s (not supplied, outside the periods covered, or no base) / "
                                + "记录无法得出该指标(未报送、超出覆盖期间或同期为零)",
                        col("indicator"), col("county_code"), col("period")))
                .when(verdict.equalTo("value_mismatch"), format_string(
                        "reported %s (same period last year %s) but the records give %s (%s) / "
                                + "所报 %s(同期 %s)与记录 %s(同期 %s)不符",
                        num(col("reported_value")), num(col("reported_prev_value")), num(cur), num(prev),
                        num(col("reported_value")), num(col("reported_prev_value")), num(cur), num(prev)))
                .when(verdict.equalTo("consistent"), format_string(
                        "consistent with the records: %s vs %s = %s%% / 与记录一致:%s 对 %s,同比 %s%%",
                        num(cur), num(prev), pct(changeRounded), num(cur), num(prev), pct(changeRounded)))
                .when(verdict.equalTo("change_wrong_base"), format_string(
                        "computed %s vs %s = %s%%; the stated %s%% equals (%s − %s) / %s, the current period used as "
                                + "the base / 按记录计算 %s 对 %s,同比 %s%%;所报 %s%% 等于 (%s − %s) / %s,误以本期为基数",
                        num(cur), num(prev), pct(changeRounded), pct(signed), num(cur), num(prev), num(cur),
                        num(cur), num(prev), pct(changeRounded), pct(signed), num(cur), num(prev), num(cur)))
                .otherwise(format_string(
                        "computed %s vs %s = %s%%, not the stated %s%% / 按记录计算 %s 对 %s,同比 %s%%,而非所报 %s%%",
                        num(cur), num(prev), pct(changeRounded), pct(signed), num(cur), num(prev), pct(changeRounded),
                        pct(signed)));
    }

    /** A number as people write it: 415, 19.52. */
    private static Column num(Column x) {
        return when(x.isNull(), lit("—"))
                .when(x.equalTo(floor(x)), format_string("%d", x.cast(DataTypes.LongType)))
                .otherwise(format_string("%.2f", x));
    }

    private static Column pct(Column x) {
        return when(x.isNull(), lit("—")).otherwise(concat(when(x.gt(0), lit("+")).otherwise(lit("")),
                format_string("%.1f", x)));
    }
}
