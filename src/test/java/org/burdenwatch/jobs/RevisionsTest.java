package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Fixtures.copyTree;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Published figures that change afterwards, as an office meets them: 40 documents of the previous
 * year's first half arrive after its figures were published (补录), then the file is withdrawn, then
 * the burden model's hours per report change. The expected revisions are what was added, month by
 * month, to the figures the first run published: known from the file written here, not from the
 * job's arithmetic.
 */
class RevisionsTest extends SparkTestBase {
    @TempDir
    static Path dir;

    private static final String COUNTY = "533401";
    private static final String PREFECTURE = "533400";
    /** The late documents per month of 2023: document i is dated in month 1 + i % 6. */
    private static final Map<String, Long> ADDED = new HashMap<>();

    private static Path input;
    private static Path targets;
    private static RunSummary first;
    private static RunSummary late;
    private static RunSummary unchanged;
    private static RunSummary withdrawn;
    private static RunSummary reparameterised;
    private static long revisionsAfterFirst;
    private static List<Row> publishedCounty;
    private static List<Row> countyAfterLate;
    private static List<Row> revisionsOfLate;
    private static List<Row> revisionsOfFull;
    private static List<Row> countyOfFull;
    private static List<Row> readyQuery;
    private static List<Row> revisionsOfWithdrawal;
    private static List<Row> revisionsOfParameters;
    private static Map<String, String> verdictsBefore;
    private static Map<String, String> verdictsAfter;
    private static Row targetBefore;
    private static Row targetAfter;
    private static long lateClean;
    private static Set<String> lateRuns;

    @BeforeAll
    static void runs() throws IOException {
        input = dir.resolve("in");
        for (String type : List.of("divisions", "documents", "meetings", "reported_figures")) {
            copyTree(Path.of("data/sample", type), input.resolve(type));
        }
        write(input, "reported_figures/claims.jsonl", String.join("\n",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\","
                        + "\"reported_change_pct\":16.3,\"direction\":\"decrease\",\"source\":\"first base\"}",
                "{\"county_code\":\"533401\",\"period\":\"2024-H1\",\"indicator\":\"documents_issued\","
                        + "\"reported_change_pct\":22.6,\"direction\":\"decrease\",\"source\":\"revised base\"}") + "\n");
        targets = write(dir, "targets.json", targetsFile(2.0));
        String a = dir.resolve("a").toString();
        String b = dir.resolve("b").toString();

        first = run(a, false);
        revisionsAfterFirst = spark.read().parquet(a + "/quality/revisions").count();
        publishedCounty = spark.read().parquet(a + "/indicators/county").collectAsList();
        verdictsBefore = verdicts(a);
        targetBefore = target(a);
        run(b, false);

        StringBuilder docs = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            int month = 1 + i % 6;
            ADDED.merge(String.format("2023-%02d", month), 1L, Long::sum);
            docs.append(String.format("{\"doc_id\":\"香政补〔2023〕%d号\",\"issuer\":\"香格里拉市人民政府\","
                    + "\"issuer_level\":\"county\",\"county_code\":\"533401\",\"issued_on\":\"2023-%02d-%02d\","
                    + "\"requires_grassroots_report\":true}%n", i + 1, month, 10 + i % 9));
        }
        write(input, "documents/late_2023.jsonl", docs.toString());
        late = run(a, false);
        revisionsOfLate = revisionsOf(a, late.runId());
        countyAfterLate = spark.read().parquet(a + "/indicators/county").collectAsList();
        verdictsAfter = verdicts(a);
        readyQuery = readyQuery(a, "revisions.sql");
        targetAfter = target(a);
        Dataset<Row> clean = spark.read().parquet(a + "/clean/documents").filter("late");
        lateClean = clean.count();
        lateRuns = new TreeSet<>(clean.select("first_ingested_run").distinct().as(
                org.apache.spark.sql.Encoders.STRING()).collectAsList());
        RunSummary full = run(b, true);
        revisionsOfFull = revisionsOf(b, full.runId());
        countyOfFull = spark.read().parquet(b + "/indicators/county").collectAsList();

        unchanged = run(a, false);
        Files.delete(input.resolve("documents/late_2023.jsonl"));
        withdrawn = run(a, false);
        revisionsOfWithdrawal = revisionsOf(a, withdrawn.runId());
        Files.writeString(targets, targetsFile(3.0));
        reparameterised = run(a, false);
        revisionsOfParameters = revisionsOf(a, reparameterised.runId());
    }

    private static String targetsFile(double hoursPerReport) {
        return "{\"version\": 1, \"parameters\": {\"hours_per_report\": " + hoursPerReport + ", "
                + "\"hours_per_inspected_unit\": 4.0, \"burden_shift_margin_pct\": 10, "
                + "\"inspection_plan_caps\": {\"533401\": 50}}, \"targets\": [{\"name\": \"documents_down_20\", "
                + "\"indicator\": \"documents_issued\", \"direction\": \"at_most\", \"yoy_reduction_pct\": 20, "
                + "\"period_types\": [\"half\"], \"rule\": \"test\"}]}";
    }

    private static RunSummary run(String out, boolean full) throws IOException {
        JobConfig config = new JobConfig(input.toString(), out, targets.toString(), null);
        return BurdenIndicatorsJob.run(spark, full ? config.withFull() : config);
    }

    /** A ready query of jobs/sql over the output's tables, as the query command names them. */
    private static List<Row> readyQuery(String out, String file) throws IOException {
        spark.read().parquet(out + "/quality/revisions").createOrReplaceTempView("revisions");
        return spark.sql(Files.readString(Path.of("jobs/sql", file))).collectAsList();
    }

    private static List<Row> revisionsOf(String out, String runId) {
        return spark.read().parquet(out + "/quality/revisions").filter("run_id = '" + runId + "'").collectAsList();
    }

    private static Map<String, String> verdicts(String out) {
        Map<String, String> v = new HashMap<>();
        spark.read().parquet(out + "/audit/reported_figures")
                .filter("division_code = '533401' AND period = '2024-H1' AND indicator = 'documents_issued'")
                .collectAsList().forEach(r -> v.put(r.getAs("source"), r.getAs("verdict")));
        return v;
    }

    private static Row target(String out) {
        return spark.read().parquet(out + "/targets").filter("division_code = '533401' AND period = '2024-H1'").first();
    }

    private static Row row(List<Row> rows, String division, String period) {
        return rows.stream().filter(r -> division.equals(r.getAs("division_code")) && period.equals(r.getAs("period")))
                .findFirst().orElseThrow(() -> new AssertionError(division + " " + period + ": no row"));
    }

    private static List<Row> revised(List<Row> rows, String indicator) {
        return rows.stream().filter(r -> indicator.equals(r.getAs("indicator"))).toList();
    }

    /** What the late file added to a period of 2023: the sum of its months. */
    private static long added(String period) {
        return ADDED.entrySet().stream().filter(e -> switch (period) {
            case "2023", "2023-H1" -> true;
            case "2023-Q1" -> e.getKey().compareTo("2023-04") < 0;
            case "2023-Q2" -> e.getKey().compareTo("2023-04") >= 0;
            default -> e.getKey().equals(period);
        }).mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void lateDocumentsReviseEveryPeriodTheyFallInForTheCountyAndItsPrefecture() {
        List<Row> docs = revised(revisionsOfLate, "documents_issued");
        Set<String> expected = new TreeSet<>();
        for (String division : List.of(COUNTY, PREFECTURE)) {
            for (String p : List.of("2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06", "2023-Q1",
                    "2023-Q2", "2023-H1", "2023")) {
                expected.add(division + " " + p);
            }
        }
        Set<String> got = new TreeSet<>();
        docs.forEach(r -> got.add(r.getAs("division_code") + " " + r.getAs("period")));
        assertEquals(expected, got, "the months, quarters, half and year of the late documents, nothing else");
        for (Row r : docs) {
            String division = r.getAs("division_code");
            String period = r.getAs("period");
            double published = ((Number) row(publishedCounty, division, period).getAs("documents_issued")).doubleValue();
            assertEquals(published, r.<Double>getAs("published_value"), division + " " + period);
            assertEquals(published + added(period), r.<Double>getAs("revised_value"), division + " " + period);
            assertEquals((double) added(period), r.<Double>getAs("change"), division + " " + period);
            assertEquals(added(period), r.<Long>getAs("late_records"), division + " " + period);
            assertTrue(r.<Boolean>getAs("period_closed"), "2023 had ended before the first run finished");
            assertEquals("late_records", r.getAs("reason"));
            assertEquals(first.runId(), r.getAs("previous_run_id"));
        }
        assertEquals(40L, revised(docs, "documents_issued").stream()
                .filter(r -> "2023-H1".equals(r.getAs("period")) && COUNTY.equals(r.getAs("division_code")))
                .findFirst().orElseThrow().<Long>getAs("late_records"));
        // the other county's figures did not move
        assertTrue(revisionsOfLate.stream().noneMatch(r -> "533422".equals(r.getAs("division_code"))));
        assertEquals(new RunSummary.Revised(revisionsOfLate.size(), revisionsOfLate.size(), late.revised().largestChangePct(),
                late.revised().largest()), late.revised(), "every revision is of a closed period");
    }

    @Test
    void theReadyQueryListsEachRevisedFigureOnceFromFirstPublishedToNow() {
        assertEquals(revisionsOfLate.size(), readyQuery.size());
        Row h1 = readyQuery.stream().filter(r -> COUNTY.equals(r.getAs("division_code"))
                && "2023-H1".equals(r.getAs("period")) && "documents_issued".equals(r.getAs("indicator")))
                .findFirst().orElseThrow();
        double published = ((Number) row(publishedCounty, COUNTY, "2023-H1").getAs("documents_issued")).doubleValue();
        assertEquals(List.of(published, published + 40, 40L, 1L, "late_records"), List.of(h1.getAs("first_published"),
                h1.getAs("now"), h1.getAs("late_records"), h1.getAs("revisions"), h1.getAs("reasons")));
        // largest relative change first
        List<Double> changes = readyQuery.stream().map(r -> Math.abs(r.<Double>getAs("change_pct"))).toList();
        assertEquals(changes.stream().sorted(java.util.Comparator.reverseOrder()).toList(), changes);
    }

    @Test
    void theLateRecordsAreMarkedAndCountedWhereTheyFell() {
        assertEquals(40, lateClean, "the first run's records are the output's history, not late");
        assertEquals(Set.of(late.runId()), lateRuns);
        assertEquals(40L, row(countyAfterLate, COUNTY, "2023-H1").<Long>getAs("late_records"));
        assertEquals(40L, row(countyAfterLate, PREFECTURE, "2023").<Long>getAs("late_records"));
        assertEquals(0L, row(countyAfterLate, COUNTY, "2024-H1").<Long>getAs("late_records"));
        assertEquals(0L, row(publishedCounty, COUNTY, "2023-H1").<Long>getAs("late_records"));
    }

    @Test
    void theCurrentYearsChangeMovesAndItsBaseIsMarkedRevisedUp() {
        Row before = row(publishedCounty, COUNTY, "2024-H1");
        Row after = row(countyAfterLate, COUNTY, "2024-H1");
        long current = after.<Long>getAs("documents_issued");
        long base = after.<Long>getAs("documents_issued_prev");
        assertEquals(before.<Long>getAs("documents_issued_prev") + 40, base);
        assertNotEquals(before.<Double>getAs("documents_issued_change_pct"), after.<Double>getAs("documents_issued_change_pct"));
        assertEquals(Math.round((current - base) * 1000.0 / base) / 10.0, after.<Double>getAs("documents_issued_change_pct"));
        assertTrue(after.<Boolean>getAs("base_revised_up"));
        assertFalse(before.<Boolean>getAs("base_revised_up"));
        assertFalse(row(countyAfterLate, "533422", "2024-H1").<Boolean>getAs("base_revised_up"));
        assertFalse(row(countyAfterLate, COUNTY, "2023-H1").<Boolean>getAs("base_revised_up"), "its own base did not move");
    }

    @Test
    void aChangeStatedOnTheRevisedBaseIsFlaggedAndOneOnTheFirstKeepsItsVerdict() {
        assertEquals("consistent", verdictsBefore.get("first base"));
        assertEquals("consistent", verdictsAfter.get("first base"), "stated on the base as first published");
        assertEquals("change_misstated", verdictsBefore.get("revised base"));
        assertEquals("base_inflated_after_publication", verdictsAfter.get("revised base"));
    }

    @Test
    void aTargetMetOnlyOnTheRevisedBaseIsUnverified() {
        assertEquals("missed", targetBefore.getAs("status"));
        assertEquals("unverified", targetAfter.getAs("status"));
        assertTrue(targetAfter.<String>getAs("unverified_reason").startsWith("base revised upwards after publication"),
                targetAfter.<String>getAs("unverified_reason"));
    }

    @Test
    void aFullRunAfterTheSameChangesFindsTheSameRevisions() {
        assertEquals(RunSummary.INCREMENTAL, late.mode());
        DatasetAssertions.assertSameRows(
                spark.createDataFrame(revisionsOfLate, revisionsOfLate.get(0).schema()).drop("run_id", "previous_run_id"),
                spark.createDataFrame(revisionsOfFull, revisionsOfFull.get(0).schema()).drop("run_id", "previous_run_id"));
        // late_records and base_revised_up included: the full run stamped each record as it had arrived
        DatasetAssertions.assertSameRows("indicators/county",
                spark.createDataFrame(countyAfterLate, countyAfterLate.get(0).schema()),
                spark.createDataFrame(countyOfFull, countyOfFull.get(0).schema()));
    }

    @Test
    void aWithdrawnFileRevisesItsFiguresBack() {
        List<Row> docs = revised(revisionsOfWithdrawal, "documents_issued");
        assertEquals(20, docs.size(), "the same ten periods of the county and the prefecture");
        for (Row r : docs) {
            assertEquals(-(double) added(r.getAs("period")), r.<Double>getAs("change"));
            assertEquals("records_withdrawn", r.getAs("reason"));
            assertEquals(0L, r.<Long>getAs("late_records"));
            assertEquals(unchanged.runId(), r.getAs("previous_run_id"), "the run whose figures it replaced: the last");
        }
    }

    @Test
    void anotherHoursPerReportRevisesTheBurdenHoursOnly() {
        Set<String> indicators = new TreeSet<>();
        revisionsOfParameters.forEach(r -> indicators.add(r.getAs("indicator")));
        assertEquals(Set.of("burden_hours", "burden_hours_per_cadre"), indicators);
        assertTrue(revisionsOfParameters.stream().allMatch(r -> "parameters_changed".equals(r.getAs("reason"))));
        // hours per report 2 → 3: the document part of the burden grows by half
        Row h1 = revised(revisionsOfParameters, "burden_hours").stream()
                .filter(r -> COUNTY.equals(r.getAs("division_code")) && "2024-H1".equals(r.getAs("period")))
                .findFirst().orElseThrow();
        long reports = row(countyAfterLate, COUNTY, "2024-H1").<Long>getAs("township_reports_demanded");
        assertEquals(reports * 1.0, h1.<Double>getAs("change"), 0.011, "one hour more per township report");
    }

    @Test
    void theReportListsEachFigureOfAClosedPeriodRevisedSinceFirstPublishedAndCountsThem() throws IOException {
        // from the table's rows, in Java: each county or prefecture figure's earliest published and latest revised value
        Map<String, double[]> firstAndNow = new HashMap<>();
        Map<String, String[]> runs = new HashMap<>();
        for (Row r : spark.read().parquet(dir.resolve("a/quality/revisions").toString())
                .filter("period_closed AND level <> 'township'").collectAsList()) {
            String key = r.getAs("division_code") + " " + r.getAs("period") + " " + r.getAs("indicator");
            String run = r.getAs("run_id");
            String[] seen = runs.computeIfAbsent(key, k -> new String[] {run, run});
            double[] v = firstAndNow.computeIfAbsent(key, k -> new double[] {r.<Double>getAs("published_value"),
                    r.<Double>getAs("revised_value")});
            if (run.compareTo(seen[0]) <= 0) {
                seen[0] = run;
                v[0] = r.<Double>getAs("published_value");
            }
            if (run.compareTo(seen[1]) >= 0) {
                seen[1] = run;
                v[1] = r.<Double>getAs("revised_value");
            }
        }
        long expected = firstAndNow.values().stream().filter(v -> v[0] != v[1]).count();
        assertTrue(expected > 0, "the hours per report revised closed periods' burden hours");
        org.burdenwatch.report.ReportData data = org.burdenwatch.report.ReportData.load(spark,
                dir.resolve("a").toString(), "2024-H1");
        assertEquals(expected, data.revisedCount());
        assertEquals(Math.min(expected, org.burdenwatch.report.ReportData.REVISIONS_LISTED),
                Math.min(data.revisions().size(), org.burdenwatch.report.ReportData.REVISIONS_LISTED));
        String html = org.burdenwatch.report.ReportPage.render(data, "now");
        String section = html.substring(html.indexOf("id=\"revisions\""), html.indexOf("id=\"quarantine\""));
        assertEquals(Math.min(expected, org.burdenwatch.report.ReportData.REVISIONS_LISTED),
                section.split("<tr data-division=").length - 1L, "one row a figure, 50 at most");
        assertTrue(html.contains("<b>" + expected + "</b>"), "the page counts them");
        assertFalse(section.contains("documents_issued"), "documents went back to their first published values");
    }

    @Test
    void aRunThatRevisesNothingAddsNoRowsAndTheTableIsThereFromTheFirstRun() {
        assertEquals(0, revisionsAfterFirst, "present and empty after the first run");
        assertEquals(null, first.revised(), "nothing was published before the first run");
        assertEquals(0, unchanged.revised().figures());
        assertEquals(0, unchanged.revised().inClosedPeriods());
        List<String> runs = new ArrayList<>();
        spark.read().parquet(dir.resolve("a").resolve("quality/revisions").toString()).select("run_id").distinct()
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().forEach(runs::add);
        assertEquals(new TreeSet<>(List.of(late.runId(), withdrawn.runId(), reparameterised.runId())), new TreeSet<>(runs),
                "append only: every revising run's rows are kept, and the unchanged run added none");
    }
}
