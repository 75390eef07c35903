package org.burdenwatch.output;

import java.util.ArrayList;
import java.util.List;
import org.burdenwatch.records.RecordType;

/**
 * One table of the output folder, declared as data: the stable name analysts query it by
 * ({@code county_indicators}), where it lives under the output folder ({@code indicators/county}),
 * what one row is, and its Chinese name. The job, the query command, the catalog registration and
 * the data dictionary all read this list.
 */
public record OutputTable(String name, String path, Kind kind, RecordType recordType, String chineseName,
                          String grain) {

    /** What kind of table it is; the data dictionary declares the columns of each kind. */
    public enum Kind {
        COUNTY_INDICATORS, TOWNSHIP_INDICATORS, TARGETS, AUDIT,
        /** Whether each division's records of each source are complete, month by month. */
        COMPLETENESS,
        /** Published figures a later run changed, append only. */
        REVISIONS,
        CLEAN, QUARANTINE, DUPLICATES,
        /** The ledger of input files the output holds, which lets a rerun parse only new files. */
        INGESTED_FILES,
        /**
         * The output's own state, not a table to query: the monthly sums the indicator tables are
         * computed from, kept so that a rerun adds new records' sums instead of summing all again.
         */
        FACTS,
        /** The run summaries, runs/*.json, flattened to one row per run and record type. */
        RUNS
    }

    public static final OutputTable COUNTY_INDICATORS = new OutputTable("county_indicators", "indicators/county",
            Kind.COUNTY_INDICATORS, null, "县级指标", "one row per county (and prefecture roll-up) and period");
    public static final OutputTable TOWNSHIP_INDICATORS = new OutputTable("township_indicators", "indicators/township",
            Kind.TOWNSHIP_INDICATORS, null, "乡镇指标", "one row per township and period");
    public static final OutputTable TARGETS = new OutputTable("targets", "targets", Kind.TARGETS, null, "目标考核",
            "one row per division, period and target");
    public static final OutputTable AUDIT = new OutputTable("audit_reported_figures", "audit/reported_figures",
            Kind.AUDIT, null, "自报数据核查", "one row per reported figure");
    public static final OutputTable COMPLETENESS = new OutputTable("data_completeness", "quality/completeness",
            Kind.COMPLETENESS, null, "数据完整性", "one row per county (and prefecture), record source and month");
    public static final OutputTable REVISIONS = new OutputTable("revisions", "quality/revisions", Kind.REVISIONS, null,
            "修订记录", "one row per published figure a later run changed");
    public static final OutputTable INGESTED_FILES = new OutputTable("ingested_files", "ingested_files",
            Kind.INGESTED_FILES, null, "已读取文件", "one input file whose records the output holds");
    public static final OutputTable RUNS = new OutputTable("runs", "runs", Kind.RUNS, null, "运行记录",
            "one row per run and record type");
    public static final OutputTable FACTS = new OutputTable("monthly_facts", "_incremental/facts", Kind.FACTS, null,
            "月度汇总(内部)", "one row per record source, county, township and month: the sums of every indicator's measure");

    /**
     * Every table, indicator tables first, then clean, quarantine and duplicates per record type,
     * then the ledger of ingested files, then runs.
     */
    public static final List<OutputTable> ALL = build();

    private static List<OutputTable> build() {
        List<OutputTable> all = new ArrayList<>(List.of(COUNTY_INDICATORS, TOWNSHIP_INDICATORS, TARGETS, AUDIT,
                COMPLETENESS, REVISIONS));
        for (RecordType type : RecordType.values()) {
            all.add(clean(type));
        }
        for (RecordType type : RecordType.values()) {
            all.add(quarantine(type));
        }
        for (RecordType type : RecordType.values()) {
            all.add(duplicates(type));
        }
        all.add(INGESTED_FILES);
        all.add(FACTS);
        all.add(RUNS);
        return List.copyOf(all);
    }

    public static OutputTable clean(RecordType type) {
        return new OutputTable("clean_" + type.folder(), "clean/" + type.folder(), Kind.CLEAN, type,
                type.chineseName() + "(已校验)", "one validated record");
    }

    public static OutputTable quarantine(RecordType type) {
        return new OutputTable("quarantine_" + type.folder(), "quarantine/" + type.folder(), Kind.QUARANTINE, type,
                type.chineseName() + "(隔离)", "one rejected record, with its reasons");
    }

    public static OutputTable duplicates(RecordType type) {
        return new OutputTable("duplicates_" + type.folder(), "duplicates/" + type.folder(), Kind.DUPLICATES, type,
                type.chineseName() + "(重复)", "one repeat of a natural key, and the copy kept");
    }

    /** The tables the job writes as Parquet (all but runs), its internal state included. */
    public static List<OutputTable> parquetTables() {
        return ALL.stream().filter(t -> t.kind() != Kind.RUNS).toList();
    }

    /** The output's own state (under {@code _incremental/}): written and published with the tables, not queried. */
    public boolean internal() {
        return kind == Kind.FACTS;
    }

    /** Tables partitioned by period_type. */
    public boolean partitionedByPeriodType() {
        return kind == Kind.COUNTY_INDICATORS || kind == Kind.TOWNSHIP_INDICATORS || kind == Kind.TARGETS;
    }

    /** The table of a stable name, or null. */
    public static OutputTable named(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }
}
