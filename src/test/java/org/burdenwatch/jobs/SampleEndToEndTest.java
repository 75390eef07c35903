package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped sample, end to end: the seed article's Shangri-La figures, computed correctly. */
class SampleEndToEndTest extends SparkTestBase {
    static Path out;
    static RunSummary summary;
    static Dataset<Row> county;

    @BeforeAll
    static void runOnTheSample() throws Exception {
        out = SampleOutput.folder(spark);
        summary = SampleOutput.summary(spark);
        county = spark.read().parquet(out.resolve("indicators/county").toString()).cache();
    }

    private static Row shangriLa(String period) {
        return county.filter("division_code = '533401' and period = '" + period + "'").first();
    }

    @Test
    void shangriLaFirstHalf2024MatchesTheArticleWithTheRightChange() {
        Row h1 = shangriLa("2024-H1");
        assertEquals("香格里拉市", h1.getAs("division_name"));
        assertEquals(415L, (long) h1.getAs("documents_issued"));
        assertEquals(496L, (long) h1.getAs("documents_issued_prev"));
        // the article says "down 19.5%" (81/415); the year-on-year change is (415-496)/496
        assertEquals(-16.3, (double) h1.getAs("documents_issued_change_pct"));
        assertEquals(95L, (long) h1.getAs("meetings_held"));
        assertEquals(145L, (long) h1.getAs("meetings_held_prev"));
        assertEquals(-34.5, (double) h1.getAs("meetings_held_change_pct"));
    }

    /**
     * The sample's run in as few Spark jobs as docs/performance.md quotes: a new pass over the
     * records, or a broadcast of a table built on the driver (each a job of its own), shows here.
     */
    @Test
    void theSampleRunsInAtMost25SparkJobs() {
        assertTrue(summary.sparkJobs() > 0 && summary.sparkJobs() <= 25, "Spark jobs: " + summary.sparkJobs());
    }

    /**
     * And in few tasks: each task deserialises its stage's whole plan (interpreted, ≈ 130 columns of
     * expressions for an indicator table), so a stage of a few hundred rows is one or two tasks, not
     * a task a file or four a core (the sample's run had 180 tasks; docs/performance.md).
     */
    @Test
    void theSampleRunsInFewTasks() {
        int tasks = SampleOutput.tasks(spark);
        assertTrue(tasks > 0 && tasks <= 140, "tasks: " + tasks);
    }

    @Test
    void theSummarySaysWhatTheJvmSpentBesidesTheStages() {
        // the CPU of a run of the sample, part of it compiling (Catalyst's code, then the JIT's)
        assertTrue(summary.jvmSeconds().get("cpu") > 0, summary.jvmSeconds().toString());
        assertTrue(summary.jvmSeconds().get("jit") > 0, summary.jvmSeconds().toString());
        assertTrue(summary.jvmSeconds().get("gc") >= 0, summary.jvmSeconds().toString());
        assertTrue(summary.toConsole().contains("  jvm: cpu "), summary.toConsole());
    }

    @Test
    void everyRecordTypeBalancesAndTheBadRowsAreQuarantined() {
        for (String type : List.of("divisions", "documents", "meetings", "platforms", "platform_tasks", "inspections",
                "research_visits", "assessments", "reported_figures")) {
            RunSummary.TypeCounts c = summary.recordTypes().get(type);
            assertTrue(c.supplied(), type);
            assertTrue(c.balances(), type);
        }
        assertEquals(33, summary.recordTypes().get("divisions").accepted(), "a prefecture, 3 counties, 29 townships");
        assertTrue(summary.recordTypes().get("documents").quarantined() >= 4);
        assertTrue(summary.recordTypes().get("documents").duplicates() >= 1);
        assertTrue(summary.recordTypes().get("meetings").quarantined() >= 3);
        assertTrue(summary.recordTypes().get("platforms").quarantined() >= 1);
    }

    @Test
    void everyCountyAndThePrefectureForEveryPeriod() {
        // 24 months, 8 quarters, 4 halves, 2 years, for 4 divisions
        assertEquals(4 * 38, county.count());
        assertEquals(38, county.filter("division_code = '533400'").count());
        assertEquals(29 * 38, spark.read().parquet(out.resolve("indicators/township").toString()).count());
    }

    @Test
    void platformsWereRetiredIn2024AndWorkGroupsCarryBannedFeatures() {
        Row year = shangriLa("2024");
        assertTrue((long) year.getAs("platforms_retired") > 0);
        assertTrue((long) year.getAs("platforms_active") < (long) year.getAs("platforms_active_prev"));
        assertTrue((long) shangriLa("2024-H1").getAs("platforms_with_banned_features") > 0);
    }

    private Dataset<Row> table(String path) {
        return spark.read().parquet(out.resolve(path).toString());
    }

    @Test
    void theArticlesTwoClaimsUsedTheCurrentPeriodAsTheBase() {
        Dataset<Row> audit = table("audit/reported_figures");
        for (String indicator : List.of("documents_issued", "meetings_held")) {
            Row claim = audit.filter("division_code = '533401' and period = '2024-H1' and indicator = '" + indicator + "'")
                    .first();
            assertEquals("change_wrong_base", claim.getAs("verdict"), indicator);
        }
        assertEquals(List.of("change_misstated", "change_wrong_base", "consistent", "not_computable", "value_mismatch"),
                audit.select("verdict").distinct().orderBy("verdict").as(org.apache.spark.sql.Encoders.STRING())
                        .collectAsList());
    }

    @Test
    void shangriLaKeptTo50InspectionsWithNoneOutsideThePlan() {
        Row y2024 = shangriLa("2024");
        assertEquals(50L, (long) y2024.getAs("inspections_total"));
        assertEquals(0L, (long) y2024.getAs("inspections_outside_plan"));
        assertEquals(1.0, (double) y2024.getAs("inspection_plan_cap_use"));
        assertEquals(0.72, (double) y2024.getAs("routine_score_share"));
        Dataset<Row> targets = table("targets");
        assertEquals("met", targets.filter("division_code = '533401' and period = '2024' "
                + "and target = 'inspections_within_plan_cap'").first().getAs("status"));
        assertEquals("missed", targets.filter("division_code = '533401' and period = '2023' "
                + "and target = 'no_inspections_outside_plan'").first().getAs("status"));
        assertEquals(4, targets.select("status").distinct().count(),
                "met, missed, not_applicable and unverified all show");
    }

    @Test
    void shangriLasRecordsAreCompleteWhileDeqinShowsEveryFlag() {
        assertTrue(shangriLa("2024").<Boolean>getAs("data_complete"),
                "gaps: " + shangriLa("2024").<String>getAs("data_gaps"));
        assertTrue(shangriLa("2024-H1").<Boolean>getAs("data_complete"));
        Dataset<Row> completeness = table("quality/completeness");
        assertEquals(0, completeness.filter("division_code = '533401' and status not in ('ok', 'no_history')").count());
        for (String flag : List.of("missing", "sparse", "quarantine_heavy")) {
            assertTrue(completeness.filter("division_code = '533422' and status = '" + flag + "'").count() > 0,
                    "Deqin shows " + flag);
        }
        Dataset<Row> unverified = table("targets").filter("division_code = '533422' and status = 'unverified'");
        assertTrue(unverified.count() > 0, "Deqin's targets met on incomplete records are unverified");
        String reason = unverified.first().getAs("unverified_reason");
        assertTrue(reason.matches("(.*; )?(documents|meetings|platform_tasks|inspections|research_visits) "
                + "\\d{4}-\\d{2} (missing|sparse|quarantine_heavy)(; .*)?"), reason);
    }

    @Test
    void deqinCutDocumentsAndMeetingsWhileItsTasksRose() {
        Row deqin = county.filter("division_code = '533422' and period = '2024-H1'").first();
        assertTrue((double) deqin.getAs("documents_issued_change_pct") < 0);
        assertTrue((double) deqin.getAs("meetings_held_change_pct") < 0);
        assertTrue((double) deqin.getAs("tasks_pushed_change_pct") > 10);
        assertEquals(Boolean.TRUE, deqin.getAs("burden_shifted"));
        assertEquals(Boolean.FALSE, shangriLa("2024-H1").getAs("burden_shifted"));
    }

    @Test
    void aRealisticShareOfTasksArrivesAfterHours() {
        Row y = shangriLa("2024");
        double share = (long) y.getAs("tasks_after_hours") / (double) (long) y.getAs("tasks_pushed");
        assertTrue(share > 0.1 && share < 0.4, "after-hours share " + share);
    }
}
