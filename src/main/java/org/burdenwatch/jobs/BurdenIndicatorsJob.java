package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.unix_date;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.audit.ReportedFiguresAudit;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.targets.TargetEvaluation;
import org.burdenwatch.targets.TargetsFile;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Period;
import org.burdenwatch.input.FileFormat;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.InputProblem;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.output.DataDictionary;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.query.OutputCatalog;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.RunSummary.ReasonCount;
import org.burdenwatch.output.RunSummary.TableWritten;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValidatedSchema;
import org.burdenwatch.validation.Validation;

/**
 * The main job: validates every record type of an input root into clean/, quarantine/ and
 * duplicates/, then computes indicators/county and indicators/township, and publishes them all
 * at once with a run summary under runs/.
 *
 * <p>A sample input line ({@code documents/*.jsonl}):
 * <pre>{"doc_id":"香政办发〔2024〕12号","issuer":"香格里拉市人民政府办公室","issuer_level":"county",
 * "county_code":"533401","issued_on":"2024-03-05","requires_grassroots_report":true}</pre>
 *
 * <p>Run it with {@code jobs/run.sh --input data/sample --output out}, or on a cluster with
 * {@code spark-submit --class org.burdenwatch.jobs.BurdenIndicatorsJob target/burden-indicators-0.1.0.jar
 * --input hdfs:///burden/in --output hdfs:///burden/out}.
 */
public final class BurdenIndicatorsJob {
    private BurdenIndicatorsJob() {
    }

    public static final String COUNTY_TABLE = OutputTable.COUNTY_INDICATORS.path();
    public static final String TOWNSHIP_TABLE = OutputTable.TOWNSHIP_INDICATORS.path();
    public static final String TARGETS_TABLE = OutputTable.TARGETS.path();
    public static final String AUDIT_TABLE = OutputTable.AUDIT.path();

    public static void main(String[] args) {
        JobConfig config;
        try {
            config = JobConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(JobConfig.USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("burden-indicators").getOrCreate();
        int exit = 0;
        try {
            RunSummary summary = run(spark, config);
            System.out.print(summary.toConsole());
        } catch (InputProblem | OutputStore.OutputRefused e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.err.println("error: run failed, previous outputs are unchanged: " + firstLine(e));
            exit = 1;
        } finally {
            spark.stop();
        }
        System.exit(exit);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int nl = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
    }

    /** Runs the whole pipeline; tests call this with their own SparkSession. */
    public static RunSummary run(SparkSession spark, JobConfig config) throws IOException {
        Stages stages = new Stages();
        String startedAt = Instant.now().toString();
        String runId = newRunId();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();

        // Everything that can stop the run is checked before the output is touched.
        InputInventory inventory = InputInventory.inspect(hadoop, config.input());
        TargetsFile targets = config.targets() == null ? TargetsFile.defaults(Indicators.targetable())
                : TargetsFile.load(hadoop, config.targets(), Indicators.targetable());
        OutputStore store = OutputStore.check(hadoop, config.output(), runId);
        List<String> notes = new ArrayList<>();
        sizeShufflePartitions(spark, inventory.totalBytes(), notes);
        stages.done("inspect_inputs");

        store.open("{\"created_by\":\"burden-indicators\",\"created_at\":\"" + startedAt + "\"}\n");
        try {
            Map<String, TypeCounts> counts = new LinkedHashMap<>();
            Map<RecordType, StructType> cleanSchemas = new EnumMap<>(RecordType.class);
            counts.put(RecordType.DIVISIONS.folder(),
                    ingest(spark, RecordType.DIVISIONS, inventory, DivisionDirectory.empty(), store, cleanSchemas));
            DivisionDirectory divisions = loadDirectory(spark, store.stagedPath(cleanTable(RecordType.DIVISIONS)),
                    cleanSchemas.get(RecordType.DIVISIONS));
            for (RecordType type : RecordType.values()) {
                if (type != RecordType.DIVISIONS) {
                    counts.put(type.folder(), ingest(spark, type, inventory, divisions, store, cleanSchemas));
                }
            }
            counts.forEach((type, c) -> {
                if (!c.supplied()) {
                    notes.add(type + "/ not supplied: its indicators are null");
                }
            });
            stages.done("validate");

            Map<IndicatorSource, Dataset<Row>> supplied = new EnumMap<>(IndicatorSource.class);
            for (IndicatorSource source : IndicatorSource.values()) {
                if (inventory.of(source.recordType()).supplied()) {
                    // the schema is known: no inference pass over the files
                    supplied.put(source, spark.read().schema(cleanSchemas.get(source.recordType()))
                            .parquet(store.stagedPath(cleanTable(source.recordType()))));
                }
            }
            IndicatorTables.Sources sources = IndicatorTables.Sources.of(supplied);
            IndicatorTables.Model model = new IndicatorTables.Model(targets.parameters(),
                    readClean(spark, inventory, store, cleanSchemas, RecordType.ASSESSMENTS));
            RunSummary.PeriodsCovered covered = null;
            YearMonth[] months = coveredMonths(sources);
            List<TableWritten> outputs = new ArrayList<>();
            Map<String, Long> indicatorRows = new HashMap<>();
            if (months == null) {
                notes.add("no document or meeting records: no periods, the indicator tables are not written");
            } else {
                Dataset<Row> periods = IndicatorTables.periods(spark, months[0], months[1]).cache();
                covered = new RunSummary.PeriodsCovered(months[0].toString(), months[1].toString(),
                        Period.overlapping(months[0], months[1]).size());
                Dataset<Row> county = IndicatorTables.countyTable(spark, sources, divisions, periods, model)
                        .localCheckpoint(); // small, and read by targets, the audit and the write
                stages.done("county_table");
                Dataset<Row> targetRows = TargetEvaluation.evaluate(county, targets).localCheckpoint();
                indicatorRows.put(TARGETS_TABLE, writeByPeriodType(spark, OutputTable.TARGETS, targetRows, store));
                indicatorRows.put(COUNTY_TABLE, writeByPeriodType(spark, OutputTable.COUNTY_INDICATORS,
                        TargetEvaluation.withTargetsMissed(county, targetRows), store));
                stages.done("targets");
                indicatorRows.put(TOWNSHIP_TABLE, writeByPeriodType(spark, OutputTable.TOWNSHIP_INDICATORS,
                        IndicatorTables.townshipTable(spark, sources, divisions, periods, model), store));
                stages.done("township_table");
                Dataset<Row> reported = readClean(spark, inventory, store, cleanSchemas, RecordType.REPORTED_FIGURES);
                if (reported != null) {
                    Dataset<Row> audit = DataDictionary.annotate(OutputTable.AUDIT,
                            ReportedFiguresAudit.audit(reported, county, Indicators.withYearOnYear()));
                    audit.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(AUDIT_TABLE));
                    indicatorRows.put(AUDIT_TABLE, spark.read().schema(audit.schema())
                            .parquet(store.stagedPath(AUDIT_TABLE)).count());
                }
                periods.unpersist();
            }
            stages.done("audit");

            List<String> tables = allTables();
            for (String table : tables) {
                if (exists(hadoop, store.stagedPath(table))) {
                    outputs.add(new TableWritten(table, store.publishedPath(table), rowsOf(table, counts, indicatorRows)));
                }
            }
            store.publish(tables);
            stages.done("publish");
            if (config.database() != null) {
                List<String> registered = OutputCatalog.ofPublished(spark, store).registerTables(config.database());
                String catalog = spark.conf().get("spark.sql.catalogImplementation", "in-memory");
                notes.add("registered " + registered.size() + " tables as " + config.database() + ".<table> in the "
                        + catalog + " catalog" + ("hive".equals(catalog) ? ""
                        : " (they last only as long as this session: configure a Hive metastore to keep them)"));
                stages.done("register_tables");
            }

            RunSummary summary = new RunSummary(runId, "succeeded", startedAt, Instant.now().toString(),
                    config.input(), store.root().toString(), versions(spark), counts, covered, targets.source(),
                    parameters(targets.parameters()), outputs, stages.seconds(), notes);
            store.writeRunSummary(summary.toJson());
            return summary;
        } catch (IOException | RuntimeException e) {
            store.discardStaging();
            throw e;
        }
    }

    /** Every table the job owns; a table not staged by this run is removed at publish. */
    static List<String> allTables() {
        return OutputTable.parquetTables().stream().map(OutputTable::path).toList();
    }

    /** Up to this many repeated natural keys are broadcast to classify records without a shuffle. */
    private static final long BROADCAST_REPEATS = 1_000_000L;

    static String cleanTable(RecordType type) {
        return OutputTable.clean(type).path();
    }

    /**
     * Validates one record type and writes its clean, quarantine and duplicates tables to staging,
     * from one classified pass over the input. Records read are counted apart from the
     * dispositions, and the two must agree.
     */
    private static TypeCounts ingest(SparkSession spark, RecordType type, InputInventory inventory,
                                     DivisionDirectory divisions, OutputStore store, Map<RecordType, StructType> schemas) {
        InputInventory.TypeInput input = inventory.of(type);
        if (!input.supplied()) {
            return new TypeCounts(false, 0, 0, 0, 0, 0, 0, List.of(), Map.of(), List.of());
        }
        Dataset<Row> validated = Validation.validate(spark, type, input.files(), divisions);
        if (type == RecordType.DIVISIONS) {
            validated = Validation.checkDivisionHierarchy(validated);
        }
        // parse once; the repeated natural keys (few) are found from the kept records and broadcast,
        // so classifying shuffles no whole record
        validated = validated.persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> repeated = Validation.repeatedKeys(validated).localCheckpoint();
        Dataset<Row> classified = Validation.classify(validated,
                repeated.count() <= BROADCAST_REPEATS ? functions.broadcast(repeated) : repeated);
        try {
            long read = classified.count();
            Map<String, Long> byDisposition = new HashMap<>();
            for (Row r : classified.groupBy(Validation.DISPOSITION).count().collectAsList()) {
                byDisposition.put(r.getString(0), r.getLong(1));
            }
            OutputTable quarantineTable = OutputTable.quarantine(type);
            DataDictionary.annotate(quarantineTable, Validation.quarantine(classified, type))
                    .write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(quarantineTable.path()));
            Dataset<Row> clean = Validation.clean(classified, type);
            if (type == RecordType.PLATFORM_TASKS) {
                Dataset<Row> platforms = schemas.containsKey(RecordType.PLATFORMS) ? spark.read()
                        .schema(schemas.get(RecordType.PLATFORMS)).parquet(store.stagedPath(cleanTable(RecordType.PLATFORMS)))
                        : null;
                clean = Validation.withPlatformKnown(clean, platforms);
            }
            clean = DataDictionary.annotate(OutputTable.clean(type), clean);
            schemas.put(type, clean.schema());
            clean.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(cleanTable(type)));
            OutputTable duplicatesTable = OutputTable.duplicates(type);
            DataDictionary.annotate(duplicatesTable, Validation.duplicates(classified, type))
                    .write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(duplicatesTable.path()));

            long quarantined = byDisposition.getOrDefault(Validation.QUARANTINED, 0L);
            List<ReasonCount> reasons = new ArrayList<>();
            if (quarantined > 0) {
                for (Row r : classified.filter(col(Validation.DISPOSITION).equalTo(Validation.QUARANTINED))
                        .select(explode(col(ValidatedSchema.REASONS)).as("reason"))
                        .groupBy("reason").count().orderBy(desc("count"), col("reason")).limit(10).collectAsList()) {
                    reasons.add(new ReasonCount(r.getString(0), r.getLong(1)));
                }
            }
            TypeCounts counts = new TypeCounts(true, input.files().size(), input.totalBytes(), read,
                    byDisposition.getOrDefault(Validation.ACCEPTED, 0L), quarantined,
                    byDisposition.getOrDefault(Validation.DUPLICATE, 0L), reasons,
                    unknownColumns(input, classified), input.ignoredFiles());
            if (!counts.balances()) {
                throw new IllegalStateException(type.folder() + ": records read (" + read
                        + ") ≠ accepted + quarantined + duplicates; nothing was published");
            }
            return counts;
        } finally {
            validated.unpersist();
        }
    }

    /** Unknown columns per file: CSV headers from inspection, JSON keys as found in the records. */
    private static Map<String, List<String>> unknownColumns(InputInventory.TypeInput input, Dataset<Row> validated) {
        Map<String, List<String>> unknown = new TreeMap<>();
        for (SourceFile f : input.files()) {
            if (!f.unknownColumns().isEmpty()) {
                unknown.put(f.path(), new ArrayList<>(f.unknownColumns()));
            }
        }
        boolean anyJson = input.files().stream().anyMatch(f -> f.format() == FileFormat.JSON_LINES);
        if (!anyJson) {
            return unknown; // CSV headers were all seen at inspection
        }
        for (Row r : validated.select(col(ValidatedSchema.SOURCE_FILE),
                        explode(col(ValidatedSchema.UNKNOWN_KEYS)).as("key"))
                .distinct().orderBy(ValidatedSchema.SOURCE_FILE, "key").limit(1000).collectAsList()) {
            unknown.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
        }
        return unknown;
    }

    /** The accepted divisions: reference data, small (≈45,000 rows for the whole country), held on the driver. */
    private static DivisionDirectory loadDirectory(SparkSession spark, String cleanDivisions, StructType schema) {
        List<DivisionDirectory.Division> divisions = new ArrayList<>();
        for (Row r : spark.read().schema(schema).parquet(cleanDivisions)
                .select("code", "name", "level", "parent_code", "grassroots_cadres").collectAsList()) {
            divisions.add(new DivisionDirectory.Division(r.getString(0), r.getString(1), r.getString(2),
                    r.getString(3), r.isNullAt(4) ? null : r.getLong(4)));
        }
        return new DivisionDirectory(divisions);
    }

    /** The earliest and latest month holding a document or meeting record, or null when there is none. */
    private static YearMonth[] coveredMonths(IndicatorTables.Sources sources) {
        LocalDate first = null;
        LocalDate last = null;
        for (IndicatorSource source : List.of(IndicatorSource.DOCUMENTS, IndicatorSource.MEETINGS)) {
            Dataset<Row> records = sources.records().get(source);
            if (records == null) {
                continue;
            }
            // epoch days, so no JVM time zone or date API setting can shift them
            Row range = records.agg(unix_date(min(source.eventDate())), unix_date(max(source.eventDate()))).first();
            if (range.isNullAt(0)) {
                continue;
            }
            LocalDate lo = LocalDate.ofEpochDay(range.getInt(0));
            LocalDate hi = LocalDate.ofEpochDay(range.getInt(1));
            first = first == null || lo.isBefore(first) ? lo : first;
            last = last == null || hi.isAfter(last) ? hi : last;
        }
        return first == null ? null : new YearMonth[] {YearMonth.from(first), YearMonth.from(last)};
    }

    /** The clean records of a type, or null when its folder was not supplied. */
    private static Dataset<Row> readClean(SparkSession spark, InputInventory inventory, OutputStore store,
                                          Map<RecordType, StructType> schemas, RecordType type) {
        if (!inventory.of(type).supplied()) {
            return null;
        }
        return spark.read().schema(schemas.get(type)).parquet(store.stagedPath(cleanTable(type)));
    }

    /** Writes a table partitioned by period_type and returns the rows it holds, counted from the written files. */
    private static long writeByPeriodType(SparkSession spark, OutputTable output, Dataset<Row> rows,
                                          OutputStore store) {
        String path = store.stagedPath(output.path());
        Dataset<Row> table = DataDictionary.annotate(output, rows);
        // one file per period type, sorted: small tables that analysts open directly
        table.repartition(col(IndicatorTables.PERIOD_TYPE))
                .sortWithinPartitions(IndicatorTables.DIVISION_CODE, IndicatorTables.PERIOD)
                .write().mode(SaveMode.ErrorIfExists).partitionBy(IndicatorTables.PERIOD_TYPE).parquet(path);
        return spark.read().schema(table.schema()).parquet(path).count();
    }

    private static long rowsOf(String table, Map<String, TypeCounts> counts, Map<String, Long> indicatorRows) {
        if (indicatorRows.containsKey(table)) {
            return indicatorRows.get(table);
        }
        String[] parts = table.split("/");
        TypeCounts c = counts.get(parts[1]);
        switch (parts[0]) {
            case "clean":
                return c.accepted();
            case "quarantine":
                return c.quarantined();
            default:
                return c.duplicates();
        }
    }

    private static boolean exists(Configuration hadoop, String path) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        return p.getFileSystem(hadoop).exists(p);
    }

    /**
     * Sizes shuffles for the input: about one partition per 64 MiB, at least the cluster's
     * parallelism, unless spark.sql.shuffle.partitions was set explicitly.
     */
    private static void sizeShufflePartitions(SparkSession spark, long inputBytes, List<String> notes) {
        if (spark.sparkContext().getConf().contains("spark.sql.shuffle.partitions")) {
            return;
        }
        long byVolume = (inputBytes + (64L << 20) - 1) / (64L << 20);
        int partitions = (int) Math.min(2000, Math.max(spark.sparkContext().defaultParallelism(), byVolume));
        spark.conf().set("spark.sql.shuffle.partitions", partitions);
        notes.add("spark.sql.shuffle.partitions = " + partitions + " for " + (inputBytes >> 20) + " MiB of input");
    }

    /** The burden model's parameters as the run used them, for the summary. */
    private static Map<String, Object> parameters(TargetsFile.Parameters p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hours_per_report", p.hoursPerReport());
        out.put("hours_per_inspected_unit", p.hoursPerInspectedUnit());
        out.put("burden_shift_margin_pct", p.burdenShiftMarginPct());
        out.put("inspection_plan_caps", p.inspectionPlanCaps());
        return out;
    }

    private static Map<String, String> versions(SparkSession spark) {
        Map<String, String> v = new LinkedHashMap<>();
        String own = BurdenIndicatorsJob.class.getPackage().getImplementationVersion();
        v.put("burden_indicators", own == null ? "dev" : own);
        v.put("spark", spark.version());
        v.put("scala", scala.util.Properties.versionNumberString());
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    private static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** Wall-clock seconds per stage, in order. */
    private static final class Stages {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void done(String stage) {
            long now = System.nanoTime();
            seconds.put(stage, Math.round((now - last) / 1e8) / 10.0);
            last = now;
        }

        Map<String, Double> seconds() {
            return seconds;
        }
    }
}
