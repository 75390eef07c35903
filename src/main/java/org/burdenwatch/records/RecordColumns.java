package org.burdenwatch.records;

import java.util.ArrayList;
import java.util.List;

/** The columns of the record tables (clean/, quarantine/, duplicates/), documented from the record types' declarations. */
public final class RecordColumns {
    private RecordColumns() {
    }

    /** The two columns every record table starts with: where the record came from. */
    public static List<ColumnEntry> lineage() {
        return List.of(
                ColumnEntry.of("source_file", "", "来源文件", "the input file the record came from; for a workbook, its path, # and "
                        + "the sheet's name (台账.xlsx#会议)"),
                ColumnEntry.of("source_line", "line", "来源行号",
                        "the line the record starts on (a CSV header is line 1); in a workbook, the row Excel shows "
                        + "(0 for an unreadable workbook's one record)"));
    }

    /** A type's clean table: lineage, every field but personal ones, each timestamp's local date and time. */
    public static List<ColumnEntry> clean(RecordType type) {
        List<ColumnEntry> out = new ArrayList<>(lineage());
        List<Field> timestamps = new ArrayList<>();
        for (Field f : type.fields()) {
            if (f.isPersonal()) {
                continue;
            }
            out.add(ColumnEntry.of(f.name(), unitOf(f), f.aliases().isEmpty() ? f.name() : f.aliases().get(0),
                    describe(f)));
            if (f.kind() == ValueKind.TIMESTAMP) {
                timestamps.add(f);
            }
        }
        for (Field f : timestamps) {
            String label = f.aliases().isEmpty() ? f.name() : f.aliases().get(0);
            out.add(ColumnEntry.of(f.localDateColumn(), "date", label + "(日期)",
                    "the Asia/Shanghai calendar date of " + f.name() + "; periods are assigned from it"));
            out.add(ColumnEntry.of(f.localTimeColumn(), "HH:mm:ss", label + "(时刻)",
                    "the Asia/Shanghai wall-clock time of " + f.name()));
        }
        if (type == RecordType.PLATFORM_TASKS) {
            out.add(ColumnEntry.of("platform_known", "flag", "平台已登记",
                    "whether platform_id names a platform of platforms/; null when platforms/ was not supplied"));
        }
        out.add(ColumnEntry.of("first_ingested_run", "", "首次读取运行",
                "the run whose ingest first accepted the record: the first to read its file (a record of a file "
                        + "changed since keeps its run while its natural key stays in that file)"));
        out.add(ColumnEntry.of("late", "flag", "补录",
                "true when that run started over late_record_grace_days (default 15) after the end of its event's "
                        + "month (补录); false in the output's first run; null without an event date"));
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

    /** Every quarantine table: the record as read, its reasons, and where it would have counted. */
    public static List<ColumnEntry> quarantine() {
        List<ColumnEntry> out = new ArrayList<>();
        out.add(ColumnEntry.of("record_type", "", "记录类型", "the input folder (documents, meetings, …)"));
        out.addAll(lineage());
        out.add(ColumnEntry.of("raw", "", "原始记录", "the record's text as read (a workbook's row: its cells joined by tabs), "
                + "every personal name replaced by [redacted]; null when the record could not be parsed well enough to "
                + "locate its fields (then nothing of it is kept but its length and SHA-256)"));
        out.add(ColumnEntry.of("raw_length", "characters", "原始记录长度", "the length of the record as read (an unreadable "
                + "workbook's: the file's size in bytes)"));
        out.add(ColumnEntry.of("raw_sha256", "hex", "原始记录摘要",
                "SHA-256 of the record as read (its UTF-8 text; an unreadable workbook's: the file's bytes), when raw "
                + "is null: to find the line in the file"));
        out.add(ColumnEntry.of("reasons", "", "隔离原因",
                "every reason code, code:field (docs/records.md § Reason codes)"));
        out.add(ColumnEntry.of("division_code", "", "所属县(可读时)", "the record's county_code when it was readable "
                + "(event records: documents, meetings, platform_tasks, inspections, research_visits); null otherwise. "
                + "Places the record in quality/completeness"));
        out.add(ColumnEntry.of("month", "date", "所属月份(可读时)", "the first day of the month of the record's event date "
                + "(Asia/Shanghai) when it was readable; null otherwise"));
        return out;
    }

    /** Every duplicates table: the repeat as read and the copy kept. */
    public static List<ColumnEntry> duplicates() {
        List<ColumnEntry> out = new ArrayList<>();
        out.add(ColumnEntry.of("record_type", "", "记录类型", "the input folder"));
        out.addAll(lineage());
        out.add(ColumnEntry.of("raw", "", "原始记录", "the repeat's text as read, every personal name replaced by [redacted]"));
        out.add(ColumnEntry.of("natural_key", "", "业务主键", "the natural key the repeat shares with the kept copy"));
        out.add(ColumnEntry.of("kept_source_file", "", "保留记录来源文件", "the file of the copy kept in clean/"));
        out.add(ColumnEntry.of("kept_source_line", "line", "保留记录行号", "its line"));
        return out;
    }
}
