package org.burdenwatch.jobs;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.records.TargetsFile;
import scala.util.Properties;

/**
 * The publish: every staged table swapped into place with the run summary (its parameters and
 * versions), then the tables registered in a catalog when asked.
 */
final class Publication {
    private Publication() {
    }

    /** Swaps every table into place with the run summary (then registers them in a catalog if asked). */
    static RunSummary publish(RunContext run, ValidateStage.Result ingested, FactsStage.MonthsCovered covered,
                              RunSummary.Revised revised, OutputStore.PublishSteps publishSteps) throws IOException {
        Admission admitted = run.admitted();
        String mode = ingested.plan().incremental() ? RunSummary.INCREMENTAL : RunSummary.FULL;
        RunSummary.PeriodsCovered periods = covered == null ? null : new RunSummary.PeriodsCovered(
                covered.first().toString(), covered.last().toString(), covered.periods());
        List<RunSummary.TableWritten> outputs = run.store().outputs();
        Supplier<RunSummary> summary = () -> new RunSummary(admitted.runId(), "succeeded", mode, run.startedAt(),
                Instant.now().toString(), admitted.config().input(), admitted.files().root().toString(),
                versions(run.spark()), ingested.counts(), periods, revised, admitted.targets().source(),
                parameters(admitted.targets().parameters()), outputs, run.clock().seconds(),
                run.clock().jobs(), run.clock().jvmSeconds(), run.notes());
        admitted.files().publish(run.store().tablesToPublish(), summary.get().toJson(), () -> {
            run.clock().done("publish");
            if (admitted.config().database() != null) {
                run.notes().add(registerTables(run.spark(), admitted.files(), admitted.config().database()));
                run.clock().done("register_tables");
            }
            return summary.get().toJson();
        }, publishSteps);
        return summary.get();
    }

    /** Registers the published tables in the session's catalog; returns the note for the summary. */
    static String registerTables(SparkSession spark, OutputStore store, String database) {
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

    /** The burden model's parameters as the run used them, for the summary. */
    static Map<String, Object> parameters(TargetsFile.Parameters p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hours_per_report", p.hoursPerReport());
        out.put("hours_per_inspected_unit", p.hoursPerInspectedUnit());
        out.put("burden_shift_margin_pct", p.burdenShiftMarginPct());
        out.put("inspection_plan_caps", p.inspectionPlanCaps());
        out.put("earliest_plausible_date", p.earliestPlausibleDate().toString());
        out.put("latest_plausible_years_ahead", p.latestPlausibleYearsAhead());
        out.put("personal_columns", p.personalColumns());
        out.put("max_line_bytes", p.maxLineBytes());
        out.put("late_record_grace_days", p.lateRecordGraceDays());
        return out;
    }

    /** The versions of the job, Spark, Scala and Java the run used. */
    static Map<String, String> versions(SparkSession spark) {
        Map<String, String> v = new LinkedHashMap<>();
        String own = Publication.class.getPackage().getImplementationVersion();
        v.put("burden_indicators", own == null ? "dev" : own);
        v.put("spark", spark.version());
        v.put("scala", Properties.versionNumberString());
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    /** An exception's root cause in one line: its class and the first line of its message. */
    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        int nl = message.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
    }
}
