package org.burdenwatch.revisions;

import java.util.List;
import org.burdenwatch.records.ColumnEntry;

/** The data dictionary of quality/revisions. */
public final class RevisionColumns {
    private RevisionColumns() {
    }

    public static List<ColumnEntry> revisions() {
        return List.of(
                ColumnEntry.of(Revisions.RUN_ID, "", "修订运行", "the run that revised the figure"),
                ColumnEntry.of(Revisions.PREVIOUS_RUN_ID, "", "原发布运行", "the run whose published figure it replaced"),
                ColumnEntry.of("division_code", "", "区划代码", "the county, prefecture or township of the figure"),
                ColumnEntry.of("level", "", "层级", "county, prefecture (indicators/county) or township (indicators/township)"),
                ColumnEntry.of("period_type", "", "期间类型", "month, quarter, half or year"),
                ColumnEntry.of("period", "", "期间", "the period label (2024-H1)"),
                ColumnEntry.of("period_start", "date", "期间起始日", "the period's first day"),
                ColumnEntry.of(Revisions.INDICATOR, "", "指标", "the indicator column of the figure (documents_issued)"),
                ColumnEntry.of(Revisions.PUBLISHED, "as the indicator", "原发布值",
                        "the figure as the previous run published it, as its indicator column rounds it (null: its "
                                + "records were not supplied)"),
                ColumnEntry.of(Revisions.REVISED, "as the indicator", "修订值", "the figure as this run publishes it, as its indicator column rounds it"),
                ColumnEntry.of(Revisions.CHANGE, "as the indicator", "修订变化", "revised_value − published_value (of the figures as its indicator column rounds it)"),
                ColumnEntry.of(Revisions.PERIOD_CLOSED, "flag", "期间已结束",
                        "true when the period had ended before the previous run finished (Asia/Shanghai): a figure "
                                + "of a closed period that moves is the suspicious kind"),
                ColumnEntry.of(Revisions.LATE_RECORDS, "records", "新到记录数",
                        "accepted records of the division and period (all types) that arrived with this run: in files "
                                + "it first ingested, or new in a file changed since; 0 when the figure changed for "
                                + "another reason"),
                ColumnEntry.of(Revisions.REASON, "", "修订原因",
                        "late_records, records_withdrawn (a file of its records or of divisions gone or shorter), "
                                + "parameters_changed, rule_changed (job version or rules), joined by +; "
                                + "unexplained when none applies"));
    }
}
