package org.burdenwatch.audit;

import java.util.List;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.records.ColumnEntry;

/** The columns of the audit of reported figures ({@link ReportedFiguresAudit}). */
public final class AuditColumns {
    private AuditColumns() {
    }

    public static List<ColumnEntry> audit() {
        return List.of(
                ColumnEntry.of("division_code", "", "区划代码", "the county that reported the figure"),
                ColumnEntry.of("period", "", "期间", "the reported period, normalised (2024-H1)"),
                ColumnEntry.of("indicator", "", "指标", "the county_indicators column the figure claims"),
                ColumnEntry.of("reported_value", "as the indicator", "自报值", "the value the county reported, as given"),
                ColumnEntry.of("reported_prev_value", "as the indicator", "自报同期值",
                        "the previous-year value the county reported, as given"),
                ColumnEntry.of("reported_change_pct", "%", "自报增减(%)", "the change the county stated, as given"),
                ColumnEntry.of("direction", "", "增减方向", "decrease or increase, when the report gave one"),
                ColumnEntry.of("source", "", "出处", "where the figure was published"),
                ColumnEntry.of("computed_value", "as the indicator", "核算值", "the value computed from the records, as its county_indicators column rounds it"),
                ColumnEntry.of("computed_prev_value", "as the indicator", "核算同期值",
                        "the previous-year value computed from the records, as its county_indicators column rounds it"),
                ColumnEntry.of("computed_change_pct", "%", "核算同比(%)",
                        "(computed_value − computed_prev_value) / computed_prev_value × 100, "
                                + Indicator.roundedTo(1)),
                ColumnEntry.of("reported_change_signed_pct", "%", "自报增减(带符号)",
                        "the stated change as given, made negative when stated as a decrease"),
                ColumnEntry.of("verdict", "", "核查结论",
                        "consistent, value_mismatch, change_misstated, change_wrong_base, not_computable, or "
                                + "base_inflated_after_publication (the stated change holds only on a base revised "
                                + "upwards after it was first published; on the base as first published it does not)"),
                ColumnEntry.of("explanation", "", "说明", "why, in English and Chinese"),
                ColumnEntry.of("first_published_prev_value", "as the indicator", "同期基数(首次发布)",
                        "when computed_prev_value was revised upwards after it was first published (quality/revisions): "
                                + "its value as first published, judged against (as its indicator column rounds it)"),
                ColumnEntry.of("source_file", "", "来源文件", "the input file of the reported figure"),
                ColumnEntry.of("source_line", "line", "来源行号", "its line in that file"));
    }
}
