package org.burdenwatch.indicators;

import java.util.ArrayList;
import java.util.List;
import org.burdenwatch.records.ColumnEntry;

/** The columns of the tables computed from the indicator catalogue: the indicator tables, the facts, completeness. */
public final class IndicatorColumns {
    private IndicatorColumns() {
    }

    /** The county table ({@code county}) or the township table. */
    public static List<ColumnEntry> indicatorTable(boolean county) {
        List<ColumnEntry> out = new ArrayList<>();
        out.add(ColumnEntry.of("division_code", "", "区划代码", county
                ? "GB/T 2260 code of the county, or of the prefecture for its roll-up row"
                : "GB/T 2260 code of the township (9 digits)"));
        out.add(ColumnEntry.of("division_name", "", "名称", "the division's name (divisions/)"));
        out.add(ColumnEntry.of("level", "", "层级", county ? "county or prefecture" : "township"));
        if (county) {
            out.add(ColumnEntry.of("parent_code", "", "上级代码", "the prefecture a county belongs to; null on prefecture rows"));
        } else {
            out.add(ColumnEntry.of("county_code", "", "所属县", "the county the township belongs to"));
        }
        out.add(ColumnEntry.of("townships", "townships", "乡镇数",
                county ? "townships the division's documents reach (a prefecture's: all its counties' townships)"
                        : "1: the township itself"));
        out.add(ColumnEntry.of("grassroots_cadres", "people", "基层干部数",
                "grassroots cadres (divisions.grassroots_cadres; a county's is its townships' sum unless given)"));
        out.add(ColumnEntry.of("period", "", "期间", "2024-06 (month), 2024-Q2 (quarter), 2024-H1 (half) or 2024 (year)"));
        out.add(ColumnEntry.of("period_start", "date", "期间起始日", "the period's first day (inclusive)"));
        out.add(ColumnEntry.of("period_end", "date", "期间截止日", "the period's last day (inclusive)"));
        out.add(ColumnEntry.of("period_complete", "flag", "期间数据完整",
                "false when the records cover only part of the period (the first or last months of the input)"));
        out.add(ColumnEntry.of("late_records", "records", "补录记录数",
                "accepted event records of the period (all types together) that arrived late: in a run that started "
                        + "more than late_record_grace_days after their month had ended (clean/ late, 补录)"));
        List<Indicator> indicators = new ArrayList<>(county ? Indicators.COUNTY_TABLE : Indicators.forTownships());
        indicators.add(Indicators.BURDEN_HOURS);
        indicators.add(Indicators.BURDEN_HOURS_PER_CADRE);
        for (Indicator i : indicators) {
            String unit = unitOf(i);
            String rounded = i.unit() == Indicator.Unit.HOURS
                    ? "; " + Indicator.roundedTo(Indicator.HOURS_DECIMALS) : "";
            out.add(ColumnEntry.of(i.name(), unit, i.chineseLabel(), i.definition() + rounded));
            out.add(ColumnEntry.of(i.name() + "_prev", unit, i.chineseLabel() + "(去年同期)",
                    i.name() + " for the same period a year before; null when that period is not wholly covered"
                            + rounded));
            out.add(ColumnEntry.of(i.name() + "_change_pct", "%", i.chineseLabel() + "同比增减(%)",
                    "(" + i.name() + " − " + i.name() + "_prev) / " + i.name() + "_prev × 100, "
                            + Indicator.roundedTo(1) + "; null on a base of 0 or null; a reduction is negative"));
        }
        for (Indicators.Derived d : Indicators.DERIVED) {
            if (county || d.township()) {
                out.add(ColumnEntry.of(d.name(), d.unit(), d.chineseLabel(), d.definition()));
            }
        }
        if (county) {
            for (IndicatorSource s : DataCompleteness.sources()) {
                String source = s.recordType().folder();
                String zh = s.recordType().chineseName();
                out.add(ColumnEntry.of(source + "_months_complete", "months", zh + "记录完整月数",
                        "months of the period whose " + source + " records are ok or no_history "
                                + "(quality/completeness); null when " + source + " were not supplied"));
                out.add(ColumnEntry.of(source + "_months_in_period", "months", zh + "期间月数",
                        "months in the period (1, 3, 6 or 12)"));
            }
            out.add(ColumnEntry.of("data_complete", "flag", "数据完整",
                    "every source supplied and every month of the period ok or no_history: only then is a met "
                            + "target met (else unverified)"));
            out.add(ColumnEntry.of("data_gaps", "", "数据缺口",
                    "why data_complete is false: each source and month not ok (documents 2024-03 missing), "
                            + "sources not supplied, months outside the records; null when complete"));
            out.add(ColumnEntry.of("targets_missed", "targets", "未达标目标数",
                    "targets (targets/) the division missed in the period"));
            out.add(ColumnEntry.of("base_revised_up", "flag", "同期基数事后上调",
                    "true when a figure of the period a year before (this row's year-on-year base) was revised "
                            + "upwards after it was first published; quality/revisions says which and by how much"));
        }
        out.add(ColumnEntry.of("period_type", "", "期间类型", "month, quarter, half or year (the table's partition column)"));
        return out;
    }

    private static String unitOf(Indicator i) {
        if (i == Indicators.BURDEN_HOURS_PER_CADRE) {
            return "hours per cadre";
        }
        if (i.unit() == Indicator.Unit.HOURS) {
            return "hours";
        }
        return i.name().endsWith("_minutes") ? "person-minutes" : "count";
    }

    /** quality/completeness. */
    public static List<ColumnEntry> completeness() {
        return List.of(
                ColumnEntry.of("division_code", "", "区划代码", "the county, or the prefecture (its counties and its own organs)"),
                ColumnEntry.of("source", "", "记录来源", "the record folder: documents, meetings, platform_tasks, inspections, "
                        + "research_visits"),
                ColumnEntry.of("month", "yyyy-MM", "月份", "the month (Asia/Shanghai), from the first to the last month the "
                        + "documents and meetings cover"),
                ColumnEntry.of("accepted", "records", "通过记录数", "records of the month in clean/ (by their event date)"),
                ColumnEntry.of("quarantined", "records", "隔离记录数", "records of the month in quarantine/ whose county and "
                        + "date were readable"),
                ColumnEntry.of("duplicates", "records", "重复记录数", "repeats of the month's accepted records (duplicates/)"),
                ColumnEntry.of("quarantined_share", "share 0–1", "隔离占比",
                        "quarantined / (accepted + quarantined + duplicates), not rounded; null when the month has no "
                                + "record"),
                ColumnEntry.of("status", "", "完整性判定", "the first that applies: missing (none accepted, ≥ 9 of the 12 "
                        + "months before had some), sparse (< 50% of their median, median ≥ 10), quarantine_heavy "
                        + "(> 20% quarantined), no_history (< 6 months before), ok. Thresholds: parameters.completeness"));
    }

    /** The monthly facts the indicator tables come from. */
    public static List<ColumnEntry> facts() {
        List<ColumnEntry> out = new ArrayList<>(List.of(
                ColumnEntry.of("source", "", "记录来源", "the indicator source the sums come from (DOCUMENTS, MEETINGS, PLATFORMS, …)"),
                ColumnEntry.of("county_code", "", "区划代码", "the records' county (or prefecture, for its own organs)"),
                ColumnEntry.of("township_code", "", "乡镇代码", "the records' township; null for records that name none"),
                ColumnEntry.of("month", "date", "月份", "the month's first day: events by their Asia/Shanghai date; "
                        + "platforms measured at the month's end"),
                ColumnEntry.of("records", "records", "记录数", "accepted records summed into the row (events; null for platforms)"),
                ColumnEntry.of("late_records", "records", "补录记录数", "of those, the records that arrived late (clean/ late)")));
        for (Indicator i : Indicators.ALL) {
            out.add(ColumnEntry.of(i.name(), i.unit() == Indicator.Unit.HOURS ? "minutes" : unitOf(i),
                    i.chineseLabel() + "(月度汇总)", "the month's sum of the measure behind " + i.name()
                            + (i.unit() == Indicator.Unit.HOURS ? " (in minutes)" : "")
                            + "; null for the indicators of other sources"));
        }
        return out;
    }
}
