package org.burdenwatch.output;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.ColumnEntry;
import org.burdenwatch.records.Period;

/**
 * What {@code runs/<run id>.json} says about a run: inputs, counts per record type (read =
 * accepted + quarantined + duplicates), top reason codes, outputs, timings and versions. The
 * timings: wall seconds per stage, the Spark jobs started, and what the JVM spent during the run
 * ({@code jvmSeconds}: {@code cpu} in all, {@code jit} its JIT compilers' CPU, {@code gc} its
 * collector's pauses; null in a summary written before it was recorded).
 */
public record RunSummary(String runId, String status, String mode, String startedAt, String finishedAt, String input,
                         String output, Map<String, String> versions, Map<String, TypeCounts> recordTypes,
                         PeriodsCovered periods, Revised revised, String targetsFile, Map<String, Object> parameters,
                         List<TableWritten> outputs, Map<String, Double> stageSeconds, int sparkJobs,
                         Map<String, Double> jvmSeconds, List<String> notes) {

    /** A run that parsed every input file and computed every period. */
    public static final String FULL = "full";
    /** A run that parsed only files new since the last run and recomputed only the periods they touch. */
    public static final String INCREMENTAL = "incremental";

    /**
     * The counts of one record type over every file the output holds ({@code filesParsed} of them
     * parsed by this run); {@code supplied} is false when its folder was absent.
     */
    public record TypeCounts(boolean supplied, int files, int filesParsed, long inputBytes, long recordsRead, long accepted,
                             long quarantined, long duplicates, List<ReasonCount> topReasons,
                             Map<String, List<String>> unknownColumns, List<String> ignoredFiles) {
        public boolean balances() {
            return recordsRead == accepted + quarantined + duplicates;
        }
    }

    public record ReasonCount(String reason, long count) {
        /** The {@code n} commonest reasons, most first (ties by reason). */
        public static List<ReasonCount> commonest(Map<String, Long> counts, int n) {
            return counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(n).map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
        }
    }

    /**
     * What the run revised of the figures the previous run had published (quality/revisions): how many
     * changed, how many of them in periods that had closed, and the largest relative change in percent
     * with the figure it was ({@code largest}: division, period, indicator, published → revised); null in
     * the summary of a run with nothing published before it.
     */
    public record Revised(long figures, long inClosedPeriods, Double largestChangePct, String largest) {
    }

    /** The months the indicator periods cover (from the earliest to the latest month with a document or meeting). */
    public record PeriodsCovered(String firstMonth, String lastMonth, long periods) {
        /** The periods these months overlap, each with whether the months cover it whole. */
        @JsonIgnore
        public Map<Period, Boolean> published() {
            YearMonth first = YearMonth.parse(firstMonth);
            YearMonth last = YearMonth.parse(lastMonth);
            Map<Period, Boolean> out = new LinkedHashMap<>();
            for (Period p : Period.overlapping(first, last)) {
                out.put(p, p.isCoveredBy(first, last));
            }
            return out;
        }
    }

    /**
     * A table the run publishes: its rows, and its columns as written ({@code schema}, Spark DDL
     * without the dictionary's metadata), which the query reads it with and the data dictionary
     * takes its types from.
     */
    public record TableWritten(String table, String path, long rows, String schema) {
        /** The DDL of a table's columns, names and types only. */
        public static String ddlOf(StructType columns) {
            StructType plain = new StructType();
            for (StructField f : columns.fields()) {
                plain = plain.add(f.name(), f.dataType(), true);
            }
            return plain.toDDL();
        }

        /** The columns as written; null for a summary written before tables carried their schema. */
        public StructType columns() {
            return schema == null ? null : StructType.fromDDL(schema);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the run summary", e);
        }
    }

    public static RunSummary fromJson(String json) {
        try {
            return JSON.readValue(json, RunSummary.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a run summary: " + e.getOriginalMessage(), e);
        }
    }

    /** A short human summary for the console. */
    public String toConsole() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "burden-indicators run %s: %s (%s)%n", runId, status, mode));
        s.append(String.format(Locale.ROOT, "  input  %s%n  output %s%n", input, output));
        s.append(String.format(Locale.ROOT, "  %-17s %9s %9s %11s %10s%n", "record type", "read", "accepted",
                "quarantined", "duplicates"));
        recordTypes.forEach((type, c) -> {
            if (c.supplied()) {
                s.append(String.format(Locale.ROOT, "  %-17s %9d %9d %11d %10d%n", type, c.recordsRead(), c.accepted(),
                        c.quarantined(), c.duplicates()));
            } else {
                s.append(String.format(Locale.ROOT, "  %-17s not supplied (its indicators are null)%n", type));
            }
        });
        if (INCREMENTAL.equals(mode)) {
            s.append("  files parsed by this run:");
            recordTypes.forEach((type, c) -> {
                if (c.supplied()) {
                    s.append(String.format(Locale.ROOT, " %s %d of %d;", type, c.filesParsed(), c.files()));
                }
            });
            s.append(System.lineSeparator());
        }
        recordTypes.forEach((type, c) -> {
            if (c.supplied() && !c.topReasons().isEmpty()) {
                s.append("  ").append(type).append(" quarantine reasons: ");
                c.topReasons().stream().limit(5).forEach(r -> s.append(r.reason()).append(" ×").append(r.count())
                        .append("  "));
                s.append(System.lineSeparator());
            }
        });
        recordTypes.forEach((type, c) -> {
            if (c.supplied()) {
                c.unknownColumns().forEach((file, columns) -> s.append("  ").append(type)
                        .append(": unknown columns ignored in ").append(file).append(": ")
                        .append(String.join(", ", columns)).append(System.lineSeparator()));
                c.ignoredFiles().forEach(file -> s.append("  ").append(type).append(": ignored: ")
                        .append(file).append(System.lineSeparator()));
            }
        });
        if (periods != null) {
            s.append(String.format(Locale.ROOT, "  periods %s … %s (%d periods)%n", periods.firstMonth(),
                    periods.lastMonth(), periods.periods()));
        }
        if (revised != null) {
            s.append(String.format(Locale.ROOT, "  revised %d published figures, %d in closed periods%s%n",
                    revised.figures(), revised.inClosedPeriods(), revised.largestChangePct() == null ? ""
                            : String.format(Locale.ROOT, "; largest %+.1f%%: %s", revised.largestChangePct(),
                            revised.largest())));
        }
        s.append("  targets ").append(targetsFile).append(System.lineSeparator());
        s.append("  parameters");
        parameters.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        s.append(System.lineSeparator());
        for (String note : notes) {
            s.append("  note: ").append(note).append(System.lineSeparator());
        }
        s.append("  stages:");
        stageSeconds.forEach((stage, secs) -> s.append(String.format(Locale.ROOT, " %s %.1fs", stage, secs)));
        s.append(String.format(Locale.ROOT, " (%d Spark jobs)", sparkJobs));
        s.append(System.lineSeparator());
        if (jvmSeconds != null && !jvmSeconds.isEmpty()) {
            s.append("  jvm:");
            jvmSeconds.forEach((what, secs) -> s.append(String.format(Locale.ROOT, " %s %.1fs", what, secs)));
            s.append(" (CPU in all, the JIT compilers' CPU, the collector's pauses: this JVM during the run)");
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** The columns of the runs table: one row per run and record type, read from the summaries. */
    public static List<ColumnEntry> columns() {
        return List.of(
                ColumnEntry.of("run_id", "", "运行编号", "the run (UTC start time and a random suffix)"),
                ColumnEntry.of("status", "", "状态", "succeeded (failed runs publish nothing and leave no summary)"),
                ColumnEntry.of("started_at", "ISO-8601 UTC", "开始时间", "when the run started"),
                ColumnEntry.of("finished_at", "ISO-8601 UTC", "结束时间", "when it finished"),
                ColumnEntry.of("input", "", "输入目录", "the input root"),
                ColumnEntry.of("mode", "", "运行方式",
                        "full (every file parsed) or incremental (only new files parsed, touched periods recomputed)"),
                ColumnEntry.of("record_type", "", "记录类型", "the input folder"),
                ColumnEntry.of("supplied", "flag", "已提供", "false when the folder was absent"),
                ColumnEntry.of("files", "files", "文件数", "input files whose records the output holds"),
                ColumnEntry.of("files_parsed", "files", "本次解析文件数", "of those, the files this run parsed"),
                ColumnEntry.of("input_bytes", "bytes", "输入字节数", "their size"),
                ColumnEntry.of("records_read", "records", "读取记录数", "records read: accepted + quarantined + duplicates"),
                ColumnEntry.of("accepted", "records", "通过记录数", "records in clean/"),
                ColumnEntry.of("quarantined", "records", "隔离记录数", "records in quarantine/"),
                ColumnEntry.of("duplicates", "records", "重复记录数", "records in duplicates/"));
    }
}
