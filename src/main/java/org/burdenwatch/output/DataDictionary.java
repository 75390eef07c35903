package org.burdenwatch.output;

import java.util.ArrayList;
import java.util.List;
import org.burdenwatch.indicators.DataCompleteness;
import org.burdenwatch.indicators.Indicator;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;

/**
 * The data dictionary: every column of every output table, with its unit, Chinese label and
 * definition (types are the job's: whatever it writes). The job writes each entry into the Parquet
 * files' column metadata ({@link ColumnMetadata}), {@code docs/data-dictionary.md} is generated from
 * it and the written types (src/tools, {@code jobs/data-dictionary.sh}), and a test fails when a
 * column has no entry or an entry names no column.
 *
 * <p>Indicator columns come from the indicator catalogue ({@link Indicators}) and record columns
 * from the record types ({@link RecordType}), so a new indicator or field documents itself.
 */
public final class DataDictionary {
    private DataDictionary() {
    }

    /**
     * One column: name, unit, 中文名, definition. Its type is not stated here: it is what the job
     * writes (the run summary records it, and {@code docs/data-dictionary.md} shows it).
     */
    public record Entry(String column, String unit, String chineseLabel, String definition) {
    }

    /** The columns of a table, in the order the job writes them. */
    public static List<Entry> of(OutputTable table) {
        switch (table.kind()) {
            case COUNTY_INDICATORS:
                return indicatorTable(true);
            case TOWNSHIP_INDICATORS:
                return indicatorTable(false);
            case TARGETS:
                return targets();
            case AUDIT:
                return audit();
            case COMPLETENESS:
                return completeness();
            case CLEAN:
                return clean(table.recordType());
            case QUARANTINE:
                return quarantine();
            case DUPLICATES:
                return duplicates();
            case INGESTED_FILES:
                return ingestedFiles();
            case FACTS:
                return facts();
            case RUNS:
                return runs();
            default:
                throw new IllegalArgumentException(table.name());
        }
    }

    /** The entry of a column of a table, or null. */
    public static Entry entry(OutputTable table, String column) {
        return of(table).stream().filter(e -> e.column().equals(column)).findFirst().orElse(null);
    }

    private static Entry e(String column, String unit, String label, String definition) {
        return new Entry(column, unit, label, definition);
    }

    private static List<Entry> indicatorTable(boolean county) {
        List<Entry> out = new ArrayList<>();
        out.add(e("division_code", "", "区划代码", county
                ? "GB/T 2260 code of the county, or of the prefecture for its roll-up row"
                : "GB/T 2260 code of the township (9 digits)"));
        out.add(e("division_name", "", "名称", "the division's name (divisions/)"));
        out.add(e("level", "", "层级", county ? "county or prefecture" : "township"));
        if (county) {
            out.add(e("parent_code", "", "上级代码", "the prefecture a county belongs to; null on prefecture rows"));
        } else {
            out.add(e("county_code", "", "所属县", "the county the township belongs to"));
        }
        out.add(e("townships", "townships", "乡镇数",
                county ? "townships the division's documents reach (a prefecture's: all its counties' townships)"
                        : "1: the township itself"));
        out.add(e("grassroots_cadres", "people", "基层干部数",
                "grassroots cadres (divisions.grassroots_cadres; a county's is its townships' sum unless given)"));
        out.add(e("period", "", "期间", "2024-06 (month), 2024-Q2 (quarter), 2024-H1 (half) or 2024 (year)"));
        out.add(e("period_start", "date", "期间起始日", "the period's first day (inclusive)"));
        out.add(e("period_end", "date", "期间截止日", "the period's last day (inclusive)"));
        out.add(e("period_complete", "flag", "期间数据完整",
                "false when the records cover only part of the period (the first or last months of the input)"));
        List<Indicator> indicators = new ArrayList<>(county ? Indicators.COUNTY_TABLE : Indicators.forTownships());
        indicators.add(Indicators.BURDEN_HOURS);
        indicators.add(Indicators.BURDEN_HOURS_PER_CADRE);
        for (Indicator i : indicators) {
            String unit = unitOf(i);
            String rounded = i.unit() == Indicator.Unit.HOURS
                    ? "; " + Indicator.roundedTo(Indicator.HOURS_DECIMALS) : "";
            out.add(e(i.name(), unit, i.chineseLabel(), i.definition() + rounded));
            out.add(e(i.name() + "_prev", unit, i.chineseLabel() + "(去年同期)",
                    i.name() + " for the same period a year before; null when that period is not wholly covered"
                            + rounded));
            out.add(e(i.name() + "_change_pct", "%", i.chineseLabel() + "同比增减(%)",
                    "(" + i.name() + " − " + i.name() + "_prev) / " + i.name() + "_prev × 100, "
                            + Indicator.roundedTo(1) + "; null on a base of 0 or null; a reduction is negative"));
        }
        for (Indicators.Derived d : Indicators.DERIVED) {
            if (county || d.township()) {
                out.add(e(d.name(), d.unit(), d.chineseLabel(), d.definition()));
            }
        }
        if (county) {
            for (IndicatorSource s : DataCompleteness.sources()) {
                String source = s.recordType().folder();
                String zh = s.recordType().chineseName();
                out.add(e(source + "_months_complete", "months", zh + "记录完整月数",
                        "months of the period whose " + source + " records are ok or no_history "
                                + "(quality/completeness); null when " + source + " were not supplied"));
                out.add(e(source + "_months_in_period", "months", zh + "期间月数",
                        "months in the period (1, 3, 6 or 12)"));
            }
            out.add(e("data_complete", "flag", "数据完整",
                    "every source supplied and every month of the period ok or no_history: only then is a met "
                            + "target met (else unverified)"));
            out.add(e("data_gaps", "", "数据缺口",
                    "why data_complete is false: each source and month not ok (documents 2024-03 missing), "
                            + "sources not supplied, months outside the records; null when complete"));
            out.add(e("targets_missed", "targets", "未达标目标数",
                    "targets (targets/) the division missed in the period"));
        }
        out.add(e("period_type", "", "期间类型", "month, quarter, half or year (the table's partition column)"));
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

    private static List<Entry> targets() {
        return List.of(
                e("division_code", "", "区划代码", "the county or prefecture"),
                e("division_name", "", "名称", "the division's name"),
                e("period", "", "期间", "the period label"),
                e("target", "", "目标", "the target's name (targets file)"),
                e("indicator", "", "指标", "the county_indicators column it tests"),
                e("direction", "", "方向", "at_most or at_least"),
                e("value", "as the indicator", "实际值",
                        "the indicator's value as its column rounds it, or its year-on-year change in % ("
                                + Indicator.roundedTo(1) + ") for a yoy_reduction_pct target"),
                e("threshold", "as the indicator", "目标值", "the threshold the value is held to, as given in the targets file"),
                e("status", "", "达标情况", "met, missed, not_applicable (value missing), or unverified: the "
                        + "value holds but the records of the period are not complete (county_indicators.data_complete "
                        + "is false), so it cannot be quoted as met"),
                e("unverified_reason", "", "未核实原因", "for an unverified target, the period's data gaps "
                        + "(documents 2024-03 missing; …); null otherwise"),
                e("rule", "", "依据", "the rule or document the target comes from"),
                e("period_complete", "flag", "期间数据完整", "false when the records cover only part of the period "
                        + "(a year still under way: see projected_value)"),
                e("projected_value", "as the indicator", "年度预测值", "the year the records end in, before "
                        + "December, for a sum over months: year-to-date / the share of last year's total in the same "
                        + "months (months elapsed / 12 without a whole last year), not rounded; else null"),
                e("projected_status", "", "年度预测", "on_track when the projected value holds against the "
                        + "threshold, at_risk when not; null without a projection"),
                e("period_type", "", "期间类型", "month, quarter, half or year (partition column)"));
    }

    private static List<Entry> audit() {
        return List.of(
                e("division_code", "", "区划代码", "the county that reported the figure"),
                e("period", "", "期间", "the reported period, normalised (2024-H1)"),
                e("indicator", "", "指标", "the county_indicators column the figure claims"),
                e("reported_value", "as the indicator", "自报值", "the value the county reported, as given"),
                e("reported_prev_value", "as the indicator", "自报同期值",
                        "the previous-year value the county reported, as given"),
                e("reported_change_pct", "%", "自报增减(%)", "the change the county stated, as given"),
                e("direction", "", "增减方向", "decrease or increase, when the report gave one"),
                e("source", "", "出处", "where the figure was published"),
                e("computed_value", "as the indicator", "核算值", "the value computed from the records, as its county_indicators column rounds it"),
                e("computed_prev_value", "as the indicator", "核算同期值",
                        "the previous-year value computed from the records, as its county_indicators column rounds it"),
                e("computed_change_pct", "%", "核算同比(%)",
                        "(computed_value − computed_prev_value) / computed_prev_value × 100, "
                                + Indicator.roundedTo(1)),
                e("reported_change_signed_pct", "%", "自报增减(带符号)",
                        "the stated change as given, made negative when stated as a decrease"),
                e("verdict", "", "核查结论",
                        "consistent, value_mismatch, change_misstated, change_wrong_base or not_computable"),
                e("explanation", "", "说明", "why, in English and Chinese"),
                e("source_file", "", "来源文件", "the input file of the reported figure"),
                e("source_line", "line", "来源行号", "its line in that file"));
    }

    private static List<Entry> completeness() {
        return List.of(
                e("division_code", "", "区划代码", "the county, or the prefecture (its counties and its own organs)"),
                e("source", "", "记录来源", "the record folder: documents, meetings, platform_tasks, inspections, "
                        + "research_visits"),
                e("month", "yyyy-MM", "月份", "the month (Asia/Shanghai), from the first to the last month the "
                        + "documents and meetings cover"),
                e("accepted", "records", "通过记录数", "records of the month in clean/ (by their event date)"),
                e("quarantined", "records", "隔离记录数", "records of the month in quarantine/ whose county and "
                        + "date were readable"),
                e("duplicates", "records", "重复记录数", "repeats of the month's accepted records (duplicates/)"),
                e("quarantined_share", "share 0–1", "隔离占比",
                        "quarantined / (accepted + quarantined + duplicates), not rounded; null when the month has no "
                                + "record"),
                e("status", "", "完整性判定", "the first that applies: missing (none accepted, ≥ 9 of the 12 "
                        + "months before had some), sparse (< 50% of their median, median ≥ 10), quarantine_heavy "
                        + "(> 20% quarantined), no_history (< 6 months before), ok. Thresholds: parameters.completeness"));
    }

    private static List<Entry> lineage() {
        return List.of(
                e("source_file", "", "来源文件", "the input file the record came from; for a workbook, its path, # and "
                        + "the sheet's name (台账.xlsx#会议)"),
                e("source_line", "line", "来源行号",
                        "the line the record starts on (a CSV header is line 1); in a workbook, the row Excel shows "
                        + "(0 for an unreadable workbook's one record)"));
    }

    private static List<Entry> clean(RecordType type) {
        List<Entry> out = new ArrayList<>(lineage());
        List<Field> timestamps = new ArrayList<>();
        for (Field f : type.fields()) {
            if (f.isPersonal()) {
                continue;
            }
            out.add(e(f.name(), unitOf(f), f.aliases().isEmpty() ? f.name() : f.aliases().get(0),
                    describe(f)));
            if (f.kind() == ValueKind.TIMESTAMP) {
                timestamps.add(f);
            }
        }
        for (Field f : timestamps) {
            String label = f.aliases().isEmpty() ? f.name() : f.aliases().get(0);
            out.add(e(f.localDateColumn(), "date", label + "(日期)",
                    "the Asia/Shanghai calendar date of " + f.name() + "; periods are assigned from it"));
            out.add(e(f.localTimeColumn(), "HH:mm:ss", label + "(时刻)",
                    "the Asia/Shanghai wall-clock time of " + f.name()));
        }
        if (type == RecordType.PLATFORM_TASKS) {
            out.add(e("platform_known", "flag", "平台已登记",
                    "whether platform_id names a platform of platforms/; null when platforms/ was not supplied"));
        }
        return out;
    }

    private static String unitOf(Field f) {
        String name = f.name();
        if (name.endsWith("_minutes")) {
            return "minutes";
        }
        if (name.endsWith("_hours")) {
            return "hours";
        }
        switch (f.kind()) {
            case SHARE:
                return "share 0–1";
            case DATE:
                return "date";
            case TIMESTAMP:
                return "instant";
            case INTEGER:
                return "count";
            default:
                return "";
        }
    }

    /** A definition from the field's declaration: its kind, vocabulary, bounds and checks (docs/records.md has the rest). */
    private static String describe(Field f) {
        List<String> parts = new ArrayList<>();
        parts.add("input field " + f.name() + (f.isRequired() ? " (required)" : ""));
        switch (f.kind()) {
            case DIVISION_CODE:
                parts.add(switch (f.divisionRole()) {
                    case COUNTY -> "a known county or prefecture code";
                    case TOWNSHIP -> "a known township of the record's county";
                    default -> "a GB/T 2260 division code";
                });
                break;
            case ENUM:
                parts.add("one of " + String.join(", ", f.vocabulary().values()));
                break;
            case ENUM_LIST:
                parts.add("any of " + String.join(", ", f.vocabulary().values()));
                break;
            case TIMESTAMP:
                parts.add("an instant (input without an offset is Asia/Shanghai time)");
                break;
            case PERIOD:
                parts.add("a period label, normalised (2024-H1)");
                break;
            case INDICATOR:
                parts.add("an indicator of county_indicators (documents_issued, meetings_held, …)");
                break;
            case SHARE:
                parts.add("a share between 0 and 1 (70% is 0.70)");
                break;
            default:
                break;
        }
        if (f.min() != null || f.max() != null) {
            parts.add((f.min() != null ? f.min() + " ≤ " : "") + "value" + (f.max() != null ? " ≤ " + f.max() : ""));
        }
        if (f.defaultValue() != null) {
            parts.add("default " + f.defaultValue());
        }
        return String.join("; ", parts);
    }

    private static List<Entry> quarantine() {
        List<Entry> out = new ArrayList<>();
        out.add(e("record_type", "", "记录类型", "the input folder (documents, meetings, …)"));
        out.addAll(lineage());
        out.add(e("raw", "", "原始记录", "the record's text as read (a workbook's row: its cells joined by tabs), "
                + "every personal name replaced by [redacted]; null when the record could not be parsed well enough to "
                + "locate its fields (then nothing of it is kept but its length and SHA-256)"));
        out.add(e("raw_length", "characters", "原始记录长度", "the length of the record as read (an unreadable "
                + "workbook's: the file's size in bytes)"));
        out.add(e("raw_sha256", "hex", "原始记录摘要",
                "SHA-256 of the record as read (its UTF-8 text; an unreadable workbook's: the file's bytes), when raw "
                + "is null: to find the line in the file"));
        out.add(e("reasons", "", "隔离原因",
                "every reason code, code:field (docs/records.md § Reason codes)"));
        out.add(e("division_code", "", "所属县(可读时)", "the record's county_code when it was readable "
                + "(event records: documents, meetings, platform_tasks, inspections, research_visits); null otherwise. "
                + "Places the record in quality/completeness"));
        out.add(e("month", "date", "所属月份(可读时)", "the first day of the month of the record's event date "
                + "(Asia/Shanghai) when it was readable; null otherwise"));
        return out;
    }

    private static List<Entry> duplicates() {
        List<Entry> out = new ArrayList<>();
        out.add(e("record_type", "", "记录类型", "the input folder"));
        out.addAll(lineage());
        out.add(e("raw", "", "原始记录", "the repeat's text as read, every personal name replaced by [redacted]"));
        out.add(e("natural_key", "", "业务主键", "the natural key the repeat shares with the kept copy"));
        out.add(e("kept_source_file", "", "保留记录来源文件", "the file of the copy kept in clean/"));
        out.add(e("kept_source_line", "line", "保留记录行号", "its line"));
        return out;
    }

    private static List<Entry> ingestedFiles() {
        return List.of(
                e("record_type", "", "记录类型", "the input folder"),
                e("path", "", "文件路径", "the file, fully qualified"),
                e("size_bytes", "bytes", "文件大小", "its size when it was parsed"),
                e("modified_at", "instant", "修改时间",
                        "its modification time when it was parsed; a file whose size or time differs is parsed again"),
                e("unknown_columns", "", "未知列", "columns (CSV) or keys (JSON) that name no field"),
                e("parsed_by_run", "", "解析运行", "the run that parsed it"),
                e("settings", "", "运行设置",
                        "the job version and the targets file the output was computed with; a change rebuilds it all"));
    }

    private static List<Entry> facts() {
        List<Entry> out = new ArrayList<>(List.of(
                e("source", "", "记录来源", "the indicator source the sums come from (DOCUMENTS, MEETINGS, PLATFORMS, …)"),
                e("county_code", "", "区划代码", "the records' county (or prefecture, for its own organs)"),
                e("township_code", "", "乡镇代码", "the records' township; null for records that name none"),
                e("month", "date", "月份", "the month's first day: events by their Asia/Shanghai date; "
                        + "platforms measured at the month's end"),
                e("records", "records", "记录数", "accepted records summed into the row (events; null for platforms)")));
        for (Indicator i : Indicators.ALL) {
            out.add(e(i.name(), i.unit() == Indicator.Unit.HOURS ? "minutes" : unitOf(i),
                    i.chineseLabel() + "(月度汇总)", "the month's sum of the measure behind " + i.name()
                            + (i.unit() == Indicator.Unit.HOURS ? " (in minutes)" : "")
                            + "; null for the indicators of other sources"));
        }
        return out;
    }

    private static List<Entry> runs() {
        return List.of(
                e("run_id", "", "运行编号", "the run (UTC start time and a random suffix)"),
                e("status", "", "状态", "succeeded (failed runs publish nothing and leave no summary)"),
                e("started_at", "ISO-8601 UTC", "开始时间", "when the run started"),
                e("finished_at", "ISO-8601 UTC", "结束时间", "when it finished"),
                e("input", "", "输入目录", "the input root"),
                e("mode", "", "运行方式",
                        "full (every file parsed) or incremental (only new files parsed, touched periods recomputed)"),
                e("record_type", "", "记录类型", "the input folder"),
                e("supplied", "flag", "已提供", "false when the folder was absent"),
                e("files", "files", "文件数", "input files whose records the output holds"),
                e("files_parsed", "files", "本次解析文件数", "of those, the files this run parsed"),
                e("input_bytes", "bytes", "输入字节数", "their size"),
                e("records_read", "records", "读取记录数", "records read: accepted + quarantined + duplicates"),
                e("accepted", "records", "通过记录数", "records in clean/"),
                e("quarantined", "records", "隔离记录数", "records in quarantine/"),
                e("duplicates", "records", "重复记录数", "records in duplicates/"));
    }
}
