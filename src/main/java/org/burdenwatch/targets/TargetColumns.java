package org.burdenwatch.targets;

import java.util.List;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.records.ColumnEntry;

/** The columns of the targets table ({@link TargetEvaluation}). */
public final class TargetColumns {
    private TargetColumns() {
    }

    public static List<ColumnEntry> targets() {
        return List.of(
                ColumnEntry.of("division_code", "", "区划代码", "the county or prefecture"),
                ColumnEntry.of("division_name", "", "名称", "the division's name"),
                ColumnEntry.of("period", "", "期间", "the period label"),
                ColumnEntry.of("target", "", "目标", "the target's name (targets file)"),
                ColumnEntry.of("indicator", "", "指标", "the county_indicators column it tests"),
                ColumnEntry.of("direction", "", "方向", "at_most or at_least"),
                ColumnEntry.of("value", "as the indicator", "实际值",
                        "the indicator's value as its column rounds it, or its year-on-year change in % ("
                                + Indicator.roundedTo(1) + ") for a yoy_reduction_pct target"),
                ColumnEntry.of("threshold", "as the indicator", "目标值", "the threshold the value is held to, as given in the targets file"),
                ColumnEntry.of("status", "", "达标情况", "met, missed, not_applicable (value missing), or unverified: the "
                        + "value holds but the records of the period are not complete (county_indicators.data_complete "
                        + "is false), so it cannot be quoted as met"),
                ColumnEntry.of("unverified_reason", "", "未核实原因", "for an unverified target, the period's data gaps "
                        + "(documents 2024-03 missing; …); null otherwise"),
                ColumnEntry.of("rule", "", "依据", "the rule or document the target comes from"),
                ColumnEntry.of("period_complete", "flag", "期间数据完整", "false when the records cover only part of the period "
                        + "(a year still under way: see projected_value)"),
                ColumnEntry.of("projected_value", "as the indicator", "年度预测值", "the year the records end in, before "
                        + "December, for a sum over months: year-to-date / the share of last year's total in the same "
                        + "months (months elapsed / 12 without a whole last year), not rounded; else null"),
                ColumnEntry.of("projected_status", "", "年度预测", "on_track when the projected value holds against the "
                        + "threshold, at_risk when not; null without a projection"),
                ColumnEntry.of("period_type", "", "期间类型", "month, quarter, half or year (partition column)"));
    }
}
