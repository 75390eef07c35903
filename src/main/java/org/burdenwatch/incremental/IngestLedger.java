package org.burdenwatch.incremental;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.ColumnEntry;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The output's ledger of ingested input files ({@code ingested_files/}): which file, its size and
 * modification time when it was parsed, the columns it had that name no field, the run that parsed
 * it, and the settings the output was computed with. Published with the tables it describes, so the
 * two always agree; a rerun compares it with the input folder to know what to parse.
 */
public final class IngestLedger {
    private IngestLedger() {
    }

    /**
     * One ingested file: what it was when {@code parsedByRun} parsed it, and the run that first
     * ingested a file at its path ({@code firstIngestedRun}, which started at {@code firstIngestedAt},
     * epoch milliseconds): the run its records arrived with, kept across reruns.
     */
    public record Entry(String recordType, String path, long sizeBytes, long modifiedAt, List<String> unknownColumns,
                        String parsedByRun, String settings, String firstIngestedRun, long firstIngestedAt) {

        /** True when the file on disk is the one that was parsed: same size and modification time. */
        public boolean sameAs(SourceFile file) {
            return path.equals(file.path()) && sizeBytes == file.sizeBytes() && modifiedAt == file.modifiedAt();
        }

        /** A file first ingested by the run that parses it, {@code runId} (started as its id says). */
        public static Entry of(SourceFile file, List<String> unknownColumns, String runId, String settings) {
            return new Entry(file.type().folder(), file.path(), file.sizeBytes(), file.modifiedAt(),
                    List.copyOf(unknownColumns), runId, settings, runId, startOf(runId));
        }

        /** A file parsed by {@code runId}, first ingested as {@code first} says (its earlier entry, or this run's). */
        public static Entry of(SourceFile file, List<String> unknownColumns, String runId, String settings, Entry first) {
            return new Entry(file.type().folder(), file.path(), file.sizeBytes(), file.modifiedAt(),
                    List.copyOf(unknownColumns), runId, settings, first.firstIngestedRun(), first.firstIngestedAt());
        }

        public Entry withSettings(String newSettings) {
            return new Entry(recordType, path, sizeBytes, modifiedAt, unknownColumns, parsedByRun, newSettings,
                    firstIngestedRun, firstIngestedAt);
        }
    }

    /** The ledger of a published output, or null when it has none (no earlier run, or one from before ledgers). */
    public static List<Entry> read(SparkSession spark, String publishedPath) throws IOException {
        Path path = new Path(publishedPath);
        if (!path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
            return null;
        }
        List<Entry> entries = new ArrayList<>();
        Dataset<Row> ledger = spark.read().parquet(publishedPath);
        // a ledger written before first ingests were kept: each file's first ingest is its last parse
        boolean firsts = Arrays.asList(ledger.columns()).contains("first_ingested_run");
        for (Row r : ledger.select(col("record_type"), col("path"), col("size_bytes"), expr("unix_millis(modified_at)"),
                        col("unknown_columns"), col("parsed_by_run"), col("settings"),
                        firsts ? col("first_ingested_run") : col("parsed_by_run"),
                        firsts ? expr("unix_millis(first_ingested_at)") : lit(null).cast(DataTypes.LongType))
                .collectAsList()) {
            String parsedBy = r.getString(5);
            entries.add(new Entry(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getList(4),
                    parsedBy, r.getString(6), r.getString(7), r.isNullAt(8) ? startOf(parsedBy) : r.getLong(8)));
        }
        return entries;
    }

    /** The ledger table's columns. */
    public static StructType schema() {
        return new StructType()
                .add("record_type", DataTypes.StringType, false)
                .add("path", DataTypes.StringType, false)
                .add("size_bytes", DataTypes.LongType, false)
                .add("modified_at", DataTypes.TimestampType, false)
                .add("unknown_columns", DataTypes.createArrayType(DataTypes.StringType), false)
                .add("parsed_by_run", DataTypes.StringType, false)
                .add("settings", DataTypes.StringType, false)
                .add("first_ingested_run", DataTypes.StringType, false)
                .add("first_ingested_at", DataTypes.TimestampType, false);
    }

    private static final DateTimeFormatter RUN_ID_START = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /**
     * When a run started, from its id ({@code 20241203T101500Z-3f2a}: its start in UTC); 0 when the id
     * does not start with one (a ledger from before first ingests were kept, written by a run named
     * otherwise).
     */
    public static long startOf(String runId) {
        try {
            return Instant.from(RUN_ID_START.parse(runId.substring(0, Math.min(16, runId.length())))).toEpochMilli();
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    /** The ledger's rows, in the columns of {@link #schema()}. */
    public static List<Row> rows(List<Entry> entries) {
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) {
            rows.add(RowFactory.create(e.recordType(), e.path(), e.sizeBytes(),
                    Instant.ofEpochMilli(e.modifiedAt()),
                    CollectionConverters.asScala(e.unknownColumns()).toSeq(), e.parsedByRun(),
                    e.settings(), e.firstIngestedRun(), Instant.ofEpochMilli(e.firstIngestedAt())));
        }
        return rows;
    }

    /** The columns of the ledger table (_incremental/ingested_files). */
    public static List<ColumnEntry> columns() {
        return List.of(
                ColumnEntry.of("record_type", "", "记录类型", "the input folder"),
                ColumnEntry.of("path", "", "文件路径", "the file, fully qualified"),
                ColumnEntry.of("size_bytes", "bytes", "文件大小", "its size when it was parsed"),
                ColumnEntry.of("modified_at", "instant", "修改时间",
                        "its modification time when it was parsed; a file whose size or time differs is parsed again"),
                ColumnEntry.of("unknown_columns", "", "未知列", "columns (CSV) or keys (JSON) that name no field"),
                ColumnEntry.of("parsed_by_run", "", "解析运行", "the run that parsed it"),
                ColumnEntry.of("settings", "", "运行设置",
                        "the job version and the targets file the output was computed with; a change rebuilds it all"),
                ColumnEntry.of("first_ingested_run", "", "首次读取运行",
                        "the run that first ingested a file at this path: its records arrived then (kept across reruns)"),
                ColumnEntry.of("first_ingested_at", "instant", "首次读取时间", "when that run started"));
    }
}
