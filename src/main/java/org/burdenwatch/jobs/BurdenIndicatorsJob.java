package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.unix_date;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.audit.ReportedFiguresAudit;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.incremental.TouchedPeriods;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.IndicatorTables;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.indicators.Period;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.InputProblem;
import org.burdenwatch.output.DataDictionary;
import org.burdenwatch.output.OutputLock;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.RunSummary.TableWritten;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.query.OutputCatalog;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.targets.TargetsFile;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValidationContext;
import org.burdenwatch.validation.ValueColumns;
import org.burdenwatch.input.Redaction;

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
        } catch (InputProblem | OutputStore.OutputRefused | OutputLock.Locked e) {
            System.err.println("error: " + e.getMessage());
            exit = 2;
        } catch (OutputStore.PublishInterrupted e) {
            System.err.println("error: " + e.getMessage());
            exit = 1;
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
        return run(spark, config, OutputStore.PublishSteps.NONE);
    }

    /** As {@link #run(SparkSession, JobConfig)}, telling {@code publishSteps} how far the publish got. */
    public static RunSummary run(SparkSession spark, JobConfig config, OutputStore.PublishSteps publishSteps)
            throws IOException {
        // times without an offset are Asia/Shanghai, and so is every period: whatever the machine's zone
        spark.conf().set("spark.sql.session.timeZone", ValueColumns.ZONE);
        Stages stages = new Stages();
        String startedAt = Instant.now().toString();
        String runId = newRunId();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();

        // Everything that can stop the run is checked before the output is touched.
        InputInventory inventory = InputInventory.inspect(hadoop, config.input());
        TargetsFile targets = config.targets() == null ? TargetsFile.defaults(Indicators.targetable())
                : TargetsFile.load(hadoop, config.targets(), Indicators.targetable());
        OutputStore store = OutputStore.check(hadoop, config.output(), runId);
        store.refuseOverlap("input folder", config.input(), hadoop);
        if (config.targets() != null) {
            store.refuseOverlap("targets file", config.targets(), hadoop);
        }
        String settings = settings(hadoop, config);
        // one writer: nothing of the output is read or written before the lock is held
        store.lock("{\"created_by\":\"burden-indicators\",\"created_at\":\"" + startedAt + "\"}\n",
                config.breakLock(), java.time.Duration.ofHours(config.staleLockHours()));
        boolean failed = true;
        try {
            RunSummary summary = runLocked(spark, config, store, runId, startedAt, inventory, targets, settings,
                    stages, publishSteps);
            failed = false;
            return summary;
        } finally {
            store.close(failed);
        }
    }

    private static RunSummary runLocked(SparkSession spark, JobConfig config, OutputStore store, String runId,
                                        String startedAt, InputInventory inventory, TargetsFile targets,
                                        String settings, Stages stages, OutputStore.PublishSteps publishSteps)
            throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> notes = new ArrayList<>();
        String recovered = store.recover();
        if (recovered != null) {
            notes.add(recovered);
        }
        List<IngestLedger.Entry> previousLedger = config.full() ? null
                : IngestLedger.read(spark, store.publishedPath(OutputTable.INGESTED_FILES.path()));
        Set<RecordType> previouslySupplied = EnumSet.noneOf(RecordType.class);
        for (RecordType type : RecordType.values()) {
            if (store.isPublished(cleanTable(type))) {
                previouslySupplied.add(type);
            }
        }
        IncrementalPlan plan = IncrementalPlan.of(inventory, previousLedger, previouslySupplied, settings,
                config.full());
        sizeShufflePartitions(spark, inventory.totalBytes(), notes);
        stages.done("inspect_inputs");

        store.open();
        Map<String, TypeCounts> counts = new LinkedHashMap<>();
        Ingestion ingestion = new Ingestion(spark, inventory, store, plan, runId, settings, previousLedger);
        TargetsFile.Parameters parameters = targets.parameters();
        ValidationContext context = new ValidationContext(DivisionDirectory.empty(), Indicators.targetable(),
                parameters.earliestPlausibleDate(),
                parameters.latestPlausibleDate(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))),
                new Redaction(parameters.personalColumns()));
        counts.put(RecordType.DIVISIONS.folder(), ingestion.ingest(RecordType.DIVISIONS, context));
        DivisionDirectory divisions = loadDirectory(ingestion.clean(RecordType.DIVISIONS));
        for (RecordType type : RecordType.values()) {
            if (type != RecordType.DIVISIONS) {
                counts.put(type.folder(), ingestion.ingest(type, context.withDivisions(divisions)));
            }
        }
        plan = ingestion.plan();
        counts.forEach((type, c) -> {
            if (!c.supplied()) {
                notes.add(type + "/ not supplied: its indicators are null");
            }
        });
        Dataset<Row> ledger = IngestLedger.toDataset(spark, ingestion.ledger());
        ledger.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(OutputTable.INGESTED_FILES.path()));
        stages.done("validate");

        Map<IndicatorSource, Dataset<Row>> supplied = new EnumMap<>(IndicatorSource.class);
        for (IndicatorSource source : IndicatorSource.values()) {
            if (inventory.of(source.recordType()).supplied()) {
                supplied.put(source, ingestion.clean(source.recordType()));
            }
        }
        IndicatorTables.Sources sources = IndicatorTables.Sources.of(supplied);
        IndicatorTables.Model model = new IndicatorTables.Model(targets.parameters(),
                ingestion.clean(RecordType.ASSESSMENTS));
        RunSummary.PeriodsCovered covered = null;
        YearMonth[] months = coveredMonths(sources);
        Map<String, Long> indicatorRows = new HashMap<>();
        Set<String> kept = new HashSet<>();
        for (RecordType type : RecordType.values()) {
            if (plan.keeps(type)) {
                List.of(OutputTable.clean(type), OutputTable.quarantine(type), OutputTable.duplicates(type))
                        .forEach(t -> kept.add(t.path()));
            }
        }
        if (months == null) {
            notes.add("no document or meeting records: no periods, the indicator tables are not written");
        } else {
            covered = new RunSummary.PeriodsCovered(months[0].toString(), months[1].toString(),
                    Period.overlapping(months[0], months[1]).size());
            Set<Period> touched = plan.recomputeAllPeriods() || !store.isPublished(COUNTY_TABLE)
                    || !IndicatorStage.sumsPublished(store) ? null
                    : TouchedPeriods.of(months[0], months[1], publishedPeriods(spark, store),
                            ingestion.monthsWithNewRecords());
            IndicatorStage indicatorStage = new IndicatorStage(spark, store, sources, divisions, model, targets,
                    months[0], months[1], touched);
            if (touched != null) {
                notes.add(touched.size() + " of " + covered.periods() + " periods recomputed"
                        + (touched.isEmpty() ? "" : ": " + touched.stream().map(Period::label).sorted()
                                .collect(java.util.stream.Collectors.joining(", "))));
            }
            if (touched != null && touched.isEmpty()) {
                kept.addAll(List.of(COUNTY_TABLE, TOWNSHIP_TABLE, TARGETS_TABLE, IndicatorStage.COUNTY_SUMS,
                        IndicatorStage.TOWNSHIP_SUMS));
                stages.done("county_table");
            } else {
                Dataset<Row> county = indicatorStage.county();
                stages.done("county_table");
                Dataset<Row> targetRows = indicatorStage.targets(county);
                indicatorRows.put(TARGETS_TABLE, writeByPeriodType(spark, OutputTable.TARGETS, targetRows, store));
                indicatorRows.put(COUNTY_TABLE, writeByPeriodType(spark, OutputTable.COUNTY_INDICATORS,
                        indicatorStage.countyWithTargets(county, targetRows), store));
                stages.done("targets");
                indicatorRows.put(TOWNSHIP_TABLE, writeByPeriodType(spark, OutputTable.TOWNSHIP_INDICATORS,
                        indicatorStage.township(), store));
                stages.done("township_table");
            }
            Dataset<Row> reported = ingestion.clean(RecordType.REPORTED_FIGURES);
            if (reported != null) {
                Dataset<Row> county = spark.read().parquet(kept.contains(COUNTY_TABLE)
                        ? store.publishedPath(COUNTY_TABLE) : store.stagedPath(COUNTY_TABLE));
                Dataset<Row> audit = DataDictionary.annotate(OutputTable.AUDIT,
                        ReportedFiguresAudit.audit(reported, county, Indicators.withYearOnYear()));
                audit.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(AUDIT_TABLE));
                indicatorRows.put(AUDIT_TABLE, spark.read().schema(audit.schema())
                        .parquet(store.stagedPath(AUDIT_TABLE)).count());
            }
        }
        notes.add(0, plan.incremental() ? "incremental run: only files new since the last run were parsed"
                : "full run (" + plan.reason() + ")");
        stages.done("audit");

        List<String> tables = new ArrayList<>(allTables());
        tables.addAll(List.of(IndicatorStage.COUNTY_SUMS, IndicatorStage.TOWNSHIP_SUMS));
        tables.removeIf(kept::contains);
        List<TableWritten> outputs = new ArrayList<>();
        for (String table : allTables()) {
            if (kept.contains(table) || exists(hadoop, store.stagedPath(table))) {
                outputs.add(new TableWritten(table, store.publishedPath(table),
                        rowsOf(spark, table, counts, indicatorRows, store, kept)));
            }
        }
        String mode = plan.incremental() ? RunSummary.INCREMENTAL : RunSummary.FULL;
        RunSummary.PeriodsCovered periodsCovered = covered;
        java.util.function.Supplier<RunSummary> summaryNow = () -> new RunSummary(runId, "succeeded", mode,
                startedAt, Instant.now().toString(), config.input(), store.root().toString(), versions(spark),
                counts, periodsCovered, targets.source(), parameters(targets.parameters()), outputs,
                stages.seconds(), notes);
        store.publish(tables, summaryNow.get().toJson(), () -> {
            stages.done("publish");
            if (config.database() != null) {
                notes.add(registerTables(spark, store, config.database()));
                stages.done("register_tables");
            }
            return summaryNow.get().toJson();
        }, publishSteps);
        return summaryNow.get();
    }

    /** Registers the published tables in the session's catalog; returns the note for the summary. */
    private static String registerTables(SparkSession spark, OutputStore store, String database) {
        try {
            List<String> registered = OutputCatalog.ofPublished(spark, store).registerTables(database);
            String catalog = spark.conf().get("spark.sql.catalogImplementation", "in-memory");
            return "registered " + registered.size() + " tables as " + database + ".<table> in the " + catalog
                    + " catalog" + ("hive".equals(catalog) ? ""
                    : " (they last only as long as this session: configure a Hive metastore to keep them)");
        } catch (IOException | RuntimeException e) {
            // the tables are published: a catalog that fails is said, not a reason to undo them
            return "the tables are published, but registering them as " + database + ".<table> failed: "
                    + firstLine(e);
        }
    }

    /** Every table the job owns; a table not staged by this run is removed at publish unless kept. */
    static List<String> allTables() {
        return OutputTable.parquetTables().stream().map(OutputTable::path).toList();
    }

    static String cleanTable(RecordType type) {
        return OutputTable.clean(type).path();
    }

    /**
     * What the output's figures depend on besides the records: the job's version and the targets
     * file's content (its parameters and targets). A change makes the next run a full one.
     */
    static String settings(Configuration hadoop, JobConfig config) throws IOException {
        String targets = "built-in";
        if (config.targets() != null) {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(config.targets());
            try (java.io.InputStream in = path.getFileSystem(hadoop).open(path)) {
                targets = "sha256:" + java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JVM has SHA-256
            }
        }
        String own = BurdenIndicatorsJob.class.getPackage().getImplementationVersion();
        return "burden_indicators " + (own == null ? "dev" : own) + "; targets " + targets;
    }

    /** The periods the published county table holds, with whether each was complete. */
    private static Map<Period, Boolean> publishedPeriods(SparkSession spark, OutputStore store) {
        Map<Period, Boolean> out = new HashMap<>();
        for (Row r : spark.read().parquet(store.publishedPath(COUNTY_TABLE))
                .select(col(IndicatorTables.PERIOD), col("period_complete")).distinct().collectAsList()) {
            out.put(Period.parse(r.getString(0)), r.getBoolean(1));
        }
        return out;
    }

    /** The accepted divisions: reference data, small (≈45,000 rows for the whole country), held on the driver. */
    private static DivisionDirectory loadDirectory(Dataset<Row> cleanDivisions) {
        List<DivisionDirectory.Division> divisions = new ArrayList<>();
        for (Row r : cleanDivisions.select("code", "name", "level", "parent_code", "grassroots_cadres").collectAsList()) {
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

    private static long rowsOf(SparkSession spark, String table, Map<String, TypeCounts> counts,
                               Map<String, Long> indicatorRows, OutputStore store, Set<String> kept) {
        if (indicatorRows.containsKey(table)) {
            return indicatorRows.get(table);
        }
        String[] parts = table.split("/");
        TypeCounts c = counts.get(parts[parts.length - 1]);
        switch (parts[0]) {
            case "clean":
                return c.accepted();
            case "quarantine":
                return c.quarantined();
            case "duplicates":
                return c.duplicates();
            default: // the ledger, or an indicator table this run kept
                return spark.read().parquet(kept.contains(table) ? store.publishedPath(table)
                        : store.stagedPath(table)).count();
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
        out.put("earliest_plausible_date", p.earliestPlausibleDate().toString());
        out.put("latest_plausible_years_ahead", p.latestPlausibleYearsAhead());
        out.put("personal_columns", p.personalColumns());
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
