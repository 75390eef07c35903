package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.engine.CommandLines;
import org.burdenwatch.engine.SparkSessions;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.incremental.TouchedPeriods;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.Redaction;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.output.OutputLock;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValidationContext;
import org.burdenwatch.validation.ValueColumns;
import scala.util.Properties;

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

    public static void main(String[] args) {
        CommandLines.ForMain<JobConfig> line = CommandLines.forMain(() -> JobConfig.parse(args), JobConfig.usage(),
                System.err);
        if (line.options() == null) {
            System.exit(line.exit());
            return;
        }
        System.exit(command(line.options(), () -> SparkSessions.builder("burden-indicators"),
                OutputStore.PublishSteps.NONE));
    }

    /**
     * The job as a command, its exit code: 0 done, 2 refused or the input unusable (nothing touched),
     * 1 failed (the previous outputs unchanged). What can stop a run (the input, the targets file,
     * the output folder and its lock) is checked with a Hadoop configuration alone, before the Spark
     * session starts: a second run, a wrong folder or a missing file is answered in a second, and on
     * a cluster asks for no executors. The session comes from {@code session} after that, with the
     * settings for the admitted input ({@link #sessionSettings}).
     */
    static int command(JobConfig config, Supplier<SparkSession.Builder> session,
                       OutputStore.PublishSteps publishSteps) {
        Admission admitted = null;
        SparkSession spark = null;
        try {
            admitted = admit(SparkSessions.hadoopConfiguration(), config);
            spark = session.get().config(SparkTuning.sessionSettings(admitted.inventory().totalBytes(), new SparkConf()))
                    .getOrCreate();
            RunSummary summary = execute(spark, admitted, publishSteps);
            System.out.print(summary.toConsole());
            return 0;
        } catch (InputProblem | OutputStore.OutputRefused | OutputLock.Locked e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (OutputStore.PublishInterrupted e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            return failed(e);
        } catch (OutOfMemoryError e) {
            // an Error would leave main with Spark's threads running: the JVM would not end
            System.err.println("error: run failed, previous outputs are unchanged: the driver ran out of memory ("
                    + e.getMessage() + "); give it more (JAVA_OPTS=-Xmx… locally, --driver-memory under spark-submit)");
            return 1;
        } finally {
            if (spark != null) {
                spark.stop();
            } else if (admitted != null) {
                admitted.files().close(true); // admitted, but no session: the lock is given back, nothing was written
            }
        }
    }

    private static int failed(Exception e) {
        System.err.println("error: run failed, previous outputs are unchanged: " + firstLine(e));
        if (Boolean.getBoolean("burden.debug")) {
            e.printStackTrace();
        }
        return 1;
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
        return execute(spark, admit(spark.sparkContext().hadoopConfiguration(), config), publishSteps);
    }

    /** A run that may start: its id, what its input holds, its targets, and its output folder, locked. */
    record Admission(String runId, long checkNanos, JobConfig config, InputInventory inventory,
                     TargetsFile targets, OutputStore files) {
    }

    /**
     * Everything that can stop a run, checked before the output is touched and without Spark: the
     * input's files, the targets file, the output folder (ours or new, not overlapping the input),
     * then its lock. Nothing of the output is read or written before the lock is held.
     */
    static Admission admit(Configuration hadoop, JobConfig config) throws IOException {
        long started = System.nanoTime();
        String runId = newRunId();
        InputInventory inventory = InputInventory.inspect(hadoop, config.input());
        TargetsFile targets = config.targets() == null ? TargetsFile.defaults(Indicators.forTargets())
                : TargetsFile.load(hadoop, config.targets(), Indicators.forTargets());
        OutputStore files = OutputStore.check(hadoop, config.output(), runId);
        files.refuseOverlap("input folder", config.input(), hadoop);
        if (config.targets() != null) {
            files.refuseOverlap("targets file", config.targets(), hadoop);
        }
        files.lock(config.breakLock(), Duration.ofHours(config.staleLockHours()));
        return new Admission(runId, System.nanoTime() - started, config, inventory, targets, files);
    }

    /** Runs an admitted run to its end and gives its lock back, whether it succeeded or failed. */
    static RunSummary execute(SparkSession spark, Admission admitted, OutputStore.PublishSteps publishSteps)
            throws IOException {
        OutputStore files = admitted.files();
        Stages stages = null;
        boolean failed = true;
        try {
            // times without an offset are Asia/Shanghai, and so is every period: whatever the machine's zone
            spark.conf().set("spark.sql.session.timeZone", ValueColumns.ZONE);
            stages = new Stages(spark, admitted.runId(), admitted.checkNanos());
            Run run = new Run(spark, admitted.config(), files, admitted.inventory(), admitted.targets(),
                    admitted.runId(), stages);
            run.plan();
            stages.done("inspect_inputs");
            run.ingest();
            stages.done("validate");
            run.facts();
            stages.done("facts");
            run.indicatorTables();
            stages.done("indicator_tables");
            run.audit();
            stages.done("audit");
            RunSummary summary = run.publish(publishSteps);
            failed = false;
            return summary;
        } finally {
            if (stages != null) {
                stages.close();
            }
            files.close(failed);
        }
    }

    /** One run's state, step by step. */
    private static final class Run {
        private final SparkSession spark;
        private final JobConfig config;
        private final OutputStore files;
        private final TableStore store;
        private final InputInventory inventory;
        private final TargetsFile targets;
        private final String runId;
        private final Stages stages;
        private final String startedAt = Instant.now().toString();
        private final List<String> notes = new ArrayList<>();
        private String settings;
        private List<IngestLedger.Entry> previousLedger;
        private RunSummary previous;
        private IncrementalPlan plan;
        private Ingestion ingestion;
        private Map<String, TypeCounts> counts;
        private SparkTuning tuning;
        private YearMonth first;
        private YearMonth last;
        private Set<YearMonth> newMonths = Set.of();

        Run(SparkSession spark, JobConfig config, OutputStore files, InputInventory inventory, TargetsFile targets,
            String runId, Stages stages) {
            this.spark = spark;
            this.config = config;
            this.files = files;
            this.store = new TableStore(spark, files);
            this.inventory = inventory;
            this.targets = targets;
            this.runId = runId;
            this.stages = stages;
        }

        /** Finishes what a killed run left, compares the input with the output's ledger, sizes Spark for the input. */
        void plan() throws IOException {
            String recovered = files.recover();
            if (recovered != null) {
                notes.add(recovered);
            }
            settings = settings(spark.sparkContext().hadoopConfiguration(), config);
            previousLedger = config.full() ? null
                    : IngestLedger.read(spark, files.publishedPath(OutputTable.INGESTED_FILES.path()));
            previous = files.latestRunSummary();
            Set<RecordType> previouslySupplied = EnumSet.noneOf(RecordType.class);
            for (RecordType type : RecordType.values()) {
                if (store.isPublished(OutputTable.clean(type))) {
                    previouslySupplied.add(type);
                }
            }
            plan = IncrementalPlan.of(inventory, previousLedger, previouslySupplied, settings, config.full());
            tuning = SparkTuning.forInput(spark, inventory.totalBytes());
            notes.addAll(tuning.notes());
            files.open();
        }

        /** Validates every record type into clean/, quarantine/ and duplicates/, and writes the ledger. */
        void ingest() {
            TargetsFile.Parameters p = targets.parameters();
            ValidationContext context = new ValidationContext(DivisionDirectory.empty(), Indicators.targetable(),
                    p.earliestPlausibleDate(), p.latestPlausibleDate(LocalDate.now(ZoneId.of(ValueColumns.ZONE))),
                    new Redaction(p.personalColumns()), p.maxLineBytes());
            ingestion = new Ingestion(spark, store, inventory, plan, context, runId, settings, previousLedger);
            counts = ingestion.run();
            if (config.targets() != null) { // the built-in caps are Diqing's: on another prefecture they apply to none
                refuseCapsOfUnknownDivisions(p, ingestion.divisions());
            }
            plan = ingestion.plan();
            counts.forEach((type, c) -> {
                if (!c.supplied()) {
                    notes.add(type + "/ not supplied: its indicators are null");
                }
            });
            notes.add(0, plan.incremental() ? "incremental run: only files new since the last run were parsed"
                    : "full run (" + plan.reason() + ")");
        }

        /**
         * The months documents and meetings cover, then the monthly facts the indicator tables come
         * from, and the completeness of each division's records month by month.
         */
        void facts() {
            TreeSet<YearMonth> covered = new TreeSet<>();
            for (RecordType type : List.of(RecordType.DOCUMENTS, RecordType.MEETINGS)) {
                if (!inventory.of(type).supplied()) {
                    continue;
                }
                covered.addAll(ingestion.monthsParsed(type));
                if (plan.of(type).action() != IncrementalPlan.Action.REBUILD) {
                    covered.addAll(publishedMonths(type));
                }
            }
            if (covered.isEmpty()) {
                notes.add("no document or meeting records: no periods, the indicator tables are not written");
                return;
            }
            first = covered.first();
            last = covered.last();
            IndicatorStage stage = new IndicatorStage(spark, store, ingestion.divisions(), supplied(), targets);
            Set<YearMonth> changed = new TreeSet<>(stage.writeFacts(plan, first, last));
            // a month whose completeness changed changes its periods' data_complete and targets
            changed.addAll(stage.writeCompleteness(first, last));
            newMonths = changed;
        }

        /** The county table with its targets, and the township table: every period, or only those a rerun touches. */
        void indicatorTables() {
            if (first == null) {
                return;
            }
            Set<Period> touched = touchedPeriods();
            if (touched != null) {
                notes.add(touched.size() + " of " + Period.overlapping(first, last).size() + " periods recomputed"
                        + (touched.isEmpty() ? "" : ": " + String.join(", ",
                        touched.stream().map(Period::label).sorted().toList())));
            }
            if (touched != null && touched.isEmpty()) {
                for (OutputTable t : List.of(OutputTable.COUNTY_INDICATORS, OutputTable.TARGETS,
                        OutputTable.TOWNSHIP_INDICATORS)) {
                    store.keep(t);
                }
                return;
            }
            IndicatorStage stage = new IndicatorStage(spark, store, ingestion.divisions(), supplied(), targets);
            String note = tuning.indicatorTablesNote(gridRows());
            if (note != null) {
                notes.add(note);
            }
            tuning.indicatorTables(gridRows(), () -> stage.writeTables(first, last, touched));
        }

        /** The rows of the division × period grid the indicator tables are computed over. */
        private long gridRows() {
            TypeCounts divisions = counts.get(RecordType.DIVISIONS.folder());
            return (divisions == null ? 0 : divisions.accepted()) * Period.overlapping(first, last).size();
        }

        /** The audit of reported figures, always recomputed. */
        void audit() {
            new IndicatorStage(spark, store, ingestion.divisions(), supplied(), targets)
                    .writeAudit(inventory.of(RecordType.REPORTED_FIGURES).supplied());
        }

        /** Swaps every table into place with the run summary (then registers them in a catalog if asked). */
        RunSummary publish(OutputStore.PublishSteps publishSteps) throws IOException {
            String mode = plan.incremental() ? RunSummary.INCREMENTAL : RunSummary.FULL;
            RunSummary.PeriodsCovered covered = first == null ? null
                    : new RunSummary.PeriodsCovered(first.toString(), last.toString(),
                    Period.overlapping(first, last).size());
            List<RunSummary.TableWritten> outputs = store.outputs();
            Supplier<RunSummary> summary = () -> new RunSummary(runId, "succeeded", mode, startedAt,
                    Instant.now().toString(), config.input(), files.root().toString(), versions(spark), counts, covered,
                    targets.source(), parameters(targets.parameters()), outputs, stages.seconds(),
                    stages.jobs(), stages.jvmSeconds(), notes);
            files.publish(store.tablesToPublish(), summary.get().toJson(), () -> {
                stages.done("publish");
                if (config.database() != null) {
                    notes.add(registerTables(spark, files, config.database()));
                    stages.done("register_tables");
                }
                return summary.get().toJson();
            }, publishSteps);
            return summary.get();
        }

        private Set<IndicatorSource> supplied() {
            return IndicatorStage.supplied(type -> inventory.of(type).supplied());
        }

        /** The months the published facts hold a record of a type in (an incremental run's kept records). */
        private Set<YearMonth> publishedMonths(RecordType type) {
            Set<YearMonth> out = new TreeSet<>();
            if (!store.isPublished(OutputTable.FACTS)) {
                return out;
            }
            IndicatorSource source = Arrays.stream(IndicatorSource.values())
                    .filter(s -> s.recordType() == type).findFirst().orElseThrow();
            // the distinct months of one source: a few hundred rows at most, not records
            for (Row r : store.readPublished(OutputTable.FACTS).filter(col(Facts.SOURCE).equalTo(source.name()))
                    .select(date_format(col(Facts.MONTH), "yyyy-MM")).distinct().collectAsList()) {
                out.add(YearMonth.parse(r.getString(0)));
            }
            return out;
        }

        /**
         * The periods a rerun recomputes (null: all): after a full parse, or without the published
         * tables and facts of an earlier run, every period; otherwise those new records touch.
         */
        private Set<Period> touchedPeriods() {
            if (plan.recomputeAllPeriods() || previous == null || previous.periods() == null
                    || !store.isPublished(OutputTable.COUNTY_INDICATORS) || !store.isPublished(OutputTable.FACTS)) {
                return null;
            }
            YearMonth before = YearMonth.parse(previous.periods().firstMonth());
            YearMonth until = YearMonth.parse(previous.periods().lastMonth());
            Map<Period, Boolean> published = new LinkedHashMap<>();
            for (Period p : Period.overlapping(before, until)) {
                published.put(p, p.isCoveredBy(before, until));
            }
            return TouchedPeriods.of(first, last, published, newMonths);
        }

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

    /**
     * What the output's figures depend on besides the records: the job's version, the indicators'
     * rules revision and the targets file's content (its parameters and targets). A change makes the next run a full one.
     */
    static String settings(Configuration hadoop, JobConfig config) throws IOException {
        String targets = "built-in";
        if (config.targets() != null) {
            Path path = new Path(config.targets());
            try (InputStream in = path.getFileSystem(hadoop).open(path)) {
                targets = "sha256:" + HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JVM has SHA-256
            }
        }
        String own = BurdenIndicatorsJob.class.getPackage().getImplementationVersion();
        return "burden_indicators " + (own == null ? "dev" : own) + " rules " + Indicators.RULES_REVISION
                + "; targets " + targets;
    }

    /**
     * A plan cap of the user's targets file naming no county or prefecture of divisions/ is a typo
     * that would leave its division without a cap: the run stops (before anything is published) and
     * names it.
     */
    static void refuseCapsOfUnknownDivisions(TargetsFile.Parameters p, DivisionDirectory divisions) {
        List<String> unknown = p.inspectionPlanCaps().keySet().stream()
                .filter(code -> !divisions.isCountyOrPrefecture(code)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new InputProblem("targets file: parameters.inspection_plan_caps names " + String.join(", ", unknown)
                    + ", not a county or prefecture of divisions/: a cap must name one");
        }
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
        out.put("max_line_bytes", p.maxLineBytes());
        return out;
    }

    private static Map<String, String> versions(SparkSession spark) {
        Map<String, String> v = new LinkedHashMap<>();
        String own = BurdenIndicatorsJob.class.getPackage().getImplementationVersion();
        v.put("burden_indicators", own == null ? "dev" : own);
        v.put("spark", spark.version());
        v.put("scala", Properties.versionNumberString());
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    private static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** Wall-clock seconds per stage, in order, and the Spark jobs the run started (its job group). */
    private static final class Stages {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private final SparkSession spark;
        private final String group;
        private final JvmTimes jvmAtStart = JvmTimes.now();
        private long last;

        /** The first stage includes the checks made before it ({@code checkNanos}), not the session's start. */
        Stages(SparkSession spark, String runId, long checkNanos) {
            this.spark = spark;
            this.last = System.nanoTime() - checkNanos;
            this.group = "burden-indicators " + runId;
            spark.sparkContext().setJobGroup(group, "burden-indicators run " + runId, false);
        }

        void done(String stage) {
            long now = System.nanoTime();
            seconds.put(stage, Math.round((now - last) / 1e8) / 10.0);
            last = now;
        }

        Map<String, Double> seconds() {
            return seconds;
        }

        /** What the JVM has spent since the run started: CPU, JIT compilers, collector. */
        Map<String, Double> jvmSeconds() {
            return JvmTimes.now().since(jvmAtStart).seconds();
        }

        /** How many Spark jobs the run has started. */
        int jobs() {
            return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
        }

        void close() {
            spark.sparkContext().clearJobGroup();
        }
    }
}
