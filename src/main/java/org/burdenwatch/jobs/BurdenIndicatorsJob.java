package org.burdenwatch.jobs;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.engine.CommandLines;
import org.burdenwatch.engine.SparkSessions;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.incremental.FirstIngest;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.input.Redaction;
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
     * settings for the admitted input ({@link SparkTuning#sessionSettings}).
     */
    static int command(JobConfig config, Supplier<SparkSession.Builder> session,
                       OutputStore.PublishSteps publishSteps) {
        Admission admitted = null;
        SparkSession spark = null;
        try {
            admitted = Admission.admit(SparkSessions.hadoopConfiguration(), config);
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
        System.err.println("error: run failed, previous outputs are unchanged: " + Publication.firstLine(e));
        if (Boolean.getBoolean("burden.debug")) {
            e.printStackTrace();
        }
        return 1;
    }

    /** Runs the whole pipeline; tests call this with their own SparkSession. */
    public static RunSummary run(SparkSession spark, JobConfig config) throws IOException {
        return run(spark, config, OutputStore.PublishSteps.NONE);
    }

    /** As {@link #run(SparkSession, JobConfig)}, telling {@code publishSteps} how far the publish got. */
    public static RunSummary run(SparkSession spark, JobConfig config, OutputStore.PublishSteps publishSteps)
            throws IOException {
        return execute(spark, Admission.admit(spark.sparkContext().hadoopConfiguration(), config), publishSteps);
    }

    /**
     * Runs an admitted run to its end, stage by stage, and gives its lock back whether it succeeded
     * or failed. Each stage hands the next what it produced: the plan, the validated records' result,
     * the months the facts cover.
     */
    static RunSummary execute(SparkSession spark, Admission admitted, OutputStore.PublishSteps publishSteps)
            throws IOException {
        StageClock clock = null;
        boolean failed = true;
        try {
            // times without an offset are Asia/Shanghai, and so is every period: whatever the machine's zone
            spark.conf().set("spark.sql.session.timeZone", ValueColumns.ZONE);
            clock = new StageClock(spark, admitted.runId(), admitted.checkNanos());
            RunContext run = new RunContext(spark, admitted, new TableStore(spark, admitted.files(), DataDictionary::of), clock,
                    new ArrayList<>(), Instant.now().toString());

            Planned planned = plan(run);
            clock.done("inspect_inputs");
            ValidateStage.Result validated = validate(run, planned);
            clock.done("validate");
            FactsStage.MonthsCovered covered = FactsStage.run(run, validated);
            clock.done("facts");
            RevisionsStage revisions = RevisionsStage.of(run, planned.previous(), planned.ledgerOnDisk(),
                    planned.settings());
            indicatorTables(run, planned, validated, covered, revisions);
            clock.done("indicator_tables");
            RunSummary.Revised revised = revisions.write();
            clock.done("revisions");
            TablesStage.writeAudit(run);
            clock.done("audit");
            RunSummary summary = Publication.publish(run, validated, covered, revised, publishSteps);
            failed = false;
            return summary;
        } finally {
            if (clock != null) {
                clock.close();
            }
            admitted.files().close(failed);
        }
    }

    /** What the output held and what this run will do: the settings, the last run, the plan, Spark's settings. */
    private record Planned(String settings, List<IngestLedger.Entry> previousLedger, RunSummary previous,
                           IncrementalPlan plan, SparkTuning tuning, List<IngestLedger.Entry> ledgerOnDisk,
                           String foundingRun) {
    }

    /** Finishes what a killed run left, compares the input with the output's ledger, sizes Spark for the input. */
    private static Planned plan(RunContext run) throws IOException {
        OutputStore files = run.admitted().files();
        String recovered = files.recover();
        if (recovered != null) {
            run.notes().add(recovered);
        }
        JobConfig config = run.admitted().config();
        String settings = Admission.settings(run.spark().sparkContext().hadoopConfiguration(), config);
        // a full run parses every file again, but the ledger still says when each file first came in
        List<IngestLedger.Entry> ledgerOnDisk = IngestLedger.read(run.spark(),
                files.publishedPath(OutputTable.INGESTED_FILES.path()));
        List<IngestLedger.Entry> previousLedger = config.full() ? null : ledgerOnDisk;
        Set<RecordType> previouslySupplied = EnumSet.noneOf(RecordType.class);
        for (RecordType type : RecordType.values()) {
            if (run.store().isPublished(OutputTable.clean(type))) {
                previouslySupplied.add(type);
            }
        }
        IncrementalPlan plan = IncrementalPlan.of(run.admitted().inventory(), previousLedger, previouslySupplied,
                settings, config.full());
        SparkTuning tuning = SparkTuning.forInput(run.spark(), run.admitted().inventory().totalBytes());
        run.notes().addAll(tuning.notes());
        files.open();
        return new Planned(settings, previousLedger, files.latestRunSummary(), plan, tuning, ledgerOnDisk,
                files.firstRunId());
    }

    /** Validates every record type into clean/, quarantine/ and duplicates/, and writes the ledger. */
    private static ValidateStage.Result validate(RunContext run, Planned planned) {
        TargetsFile.Parameters p = run.admitted().targets().parameters();
        ValidationContext context = new ValidationContext(DivisionDirectory.empty(), Indicators.targetable(),
                p.earliestPlausibleDate(), p.latestPlausibleDate(LocalDate.now(ZoneId.of(ValueColumns.ZONE))),
                new Redaction(p.personalColumns()), p.maxLineBytes());
        ValidateStage.Result validated = new ValidateStage(run.spark(), run.store(), run.admitted().inventory(),
                planned.plan(), context, run.admitted().runId(), planned.settings(), planned.previousLedger(),
                new FirstIngest(planned.ledgerOnDisk(), run.admitted().runId(), planned.foundingRun(),
                        p.lateRecordGraceDays())).run();
        if (run.admitted().config().targets() != null) { // the built-in caps are Diqing's: elsewhere they apply to none
            List<String> unknown = p.capsNotNaming(validated.divisions()::isCountyOrPrefecture);
            if (!unknown.isEmpty()) {
                throw new InputProblem("targets file: parameters.inspection_plan_caps names " + String.join(", ", unknown)
                        + ", not a county or prefecture of divisions/: a cap must name one");
            }
        }
        validated.counts().forEach((type, c) -> {
            if (!c.supplied()) {
                run.notes().add(type + "/ not supplied: its indicators are null");
            }
        });
        run.notes().add(0, validated.plan().incremental() ? "incremental run: only files new since the last run were parsed"
                : "full run (" + validated.plan().reason() + ")");
        return validated;
    }

    /** The county table with its targets, and the township table: every period, or only those a rerun touches. */
    private static void indicatorTables(RunContext run, Planned planned, ValidateStage.Result validated,
                                        FactsStage.MonthsCovered covered, RevisionsStage revisions) {
        if (covered == null) {
            run.notes().add("no document or meeting records: no periods, the indicator tables are not written");
            return;
        }
        Set<Period> touched = TablesStage.touchedPeriods(run.store(), validated.plan(), planned.previous(), covered);
        if (touched != null) {
            run.notes().add(touched.size() + " of " + covered.periods() + " periods recomputed" + (touched.isEmpty() ? ""
                    : ": " + String.join(", ", touched.stream().map(Period::label).sorted().toList())));
            if (touched.isEmpty()) {
                List.of(OutputTable.COUNTY_INDICATORS, OutputTable.TARGETS, OutputTable.TOWNSHIP_INDICATORS)
                        .forEach(run.store()::keep);
                return;
            }
        }
        TypeCounts divisions = validated.counts().get(RecordType.DIVISIONS.folder());
        long gridRows = (divisions == null ? 0 : divisions.accepted()) * covered.periods();
        String note = planned.tuning().indicatorTablesNote(gridRows);
        if (note != null) {
            run.notes().add(note);
        }
        planned.tuning().indicatorTables(gridRows, () -> TablesStage.write(run, validated.divisions(), covered, touched,
                revisions));
    }
}
