package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job as a user meets it: what it writes, what it refuses, and what a failure leaves behind. */
class BurdenIndicatorsJobTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static final String DOC = "{\"doc_id\":\"%s\",\"issuer\":\"organ\",\"issuer_level\":\"county\","
            + "\"county_code\":\"533401\",\"issued_on\":\"%s\"}";

    private Path smallInput() {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        write(input, "documents/d.jsonl", jsonl(String.format(DOC, "A1", "2024-03-05"),
                String.format(DOC, "A2", "2023-03-05"), String.format(DOC, "A1", "2024-03-05"),
                "{\"doc_id\":\"A3\",\"issuer\":\"organ\",\"issuer_level\":\"county\",\"county_code\":\"533401\","
                        + "\"issued_on\":\"someday\",\"urgency\":\"high\"}"));
        write(input, "meetings/会议.csv", "会议编号,主办单位,主办层级,区划代码,开始时间,时长分钟,参会人数,备注\r\n"
                + "M1,香格里拉市委办公室,县级,533401,2024/3/5 9:30,60,20,\r\n", org.burdenwatch.input.TextEncoding.GB18030);
        return input;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withADatabaseTheTablesAreRegisteredInTheCatalogUnderTheirStableNames() throws IOException {
        Path out = dir.resolve("out");
        RunSummary summary = BurdenIndicatorsJob.run(spark,
                new JobConfig(smallInput().toString(), out.toString(), null, "burden_test"));
        assertTrue(spark.catalog().tableExists("burden_test", "county_indicators"));
        assertTrue(spark.catalog().tableExists("burden_test", "quarantine_documents"));
        assertEquals(spark.read().parquet(out.resolve("indicators/county").toString()).count(),
                spark.table("burden_test.county_indicators").count());
        // partitions recovered: every period type is there
        assertEquals(4, spark.sql("select distinct period_type from burden_test.county_indicators").count());
        // external: the catalog points at the published files
        assertTrue(spark.sql("describe table extended burden_test.targets").filter("col_name = 'Location'")
                .first().getString(1).endsWith("/out/targets"));
        assertTrue(summary.notes().stream().anyMatch(n -> n.startsWith("registered ")), summary.notes().toString());
        // a rerun replaces the registrations and leaves the files
        BurdenIndicatorsJob.run(spark, new JobConfig(smallInput().toString(), out.toString(), null, "burden_test"));
        assertEquals(1, spark.table("burden_test.quarantine_documents").count());
    }

    @Test
    void countsReconcileAndTheSummaryIsWritten() throws IOException {
        Path out = dir.resolve("out");
        spark.conf().unset(SparkTuning.JVM_CASE_MAPPINGS); // a session as spark-submit gives it: ICU's
        RunSummary summary = BurdenIndicatorsJob.run(spark, new JobConfig(smallInput().toString(), out.toString()));
        assertEquals("false", spark.conf().get(SparkTuning.JVM_CASE_MAPPINGS), "a run folds case without ICU");
        RunSummary.TypeCounts docs = summary.recordTypes().get("documents");
        assertEquals(4, docs.recordsRead());
        assertEquals(2, docs.accepted());
        assertEquals(1, docs.quarantined());
        assertEquals(1, docs.duplicates());
        assertTrue(docs.balances());
        assertEquals(List.of(new RunSummary.ReasonCount("invalid_date:issued_on", 1)), docs.topReasons());
        assertEquals(List.of("urgency"), docs.unknownColumns().values().iterator().next());
        RunSummary.TypeCounts meetings = summary.recordTypes().get("meetings");
        assertEquals(1, meetings.accepted());
        assertEquals(List.of("备注"), meetings.unknownColumns().values().iterator().next(), "Chinese header, GB18030");
        assertFalse(summary.recordTypes().get("platforms").supplied());
        assertEquals(2.0, summary.parameters().get("hours_per_report"), "the burden model's parameters are stated");
        assertTrue(summary.targetsFile().contains("targets.json"), summary.targetsFile());
        assertTrue(summary.notes().stream().anyMatch(n -> n.startsWith("platforms/ not supplied")));

        // the summary on disk says the same
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            List<Path> files = runs.filter(p -> p.getFileName().toString().endsWith(".json")
                    && !p.getFileName().toString().startsWith(".")).toList();
            assertEquals(1, files.size());
            RunSummary onDisk = RunSummary.fromJson(read(files.get(0)));
            assertEquals(summary.recordTypes(), onDisk.recordTypes());
            assertEquals("succeeded", onDisk.status());
            assertEquals(summary.jvmSeconds().keySet(), onDisk.jvmSeconds().keySet());
            // a summary written before the JVM's seconds were recorded still reads
            assertEquals(null, RunSummary.fromJson(read(files.get(0)).replaceAll("\"jvm_seconds\" : \\{[^}]*},?", ""))
                    .jvmSeconds());
        }
        // tables hold what the counts say
        assertEquals(1, spark.read().parquet(out.resolve("quarantine/documents").toString()).count());
        assertEquals(1, spark.read().parquet(out.resolve("duplicates/documents").toString()).count());
        Row q = spark.read().parquet(out.resolve("quarantine/documents").toString()).first();
        assertEquals(4L, (long) q.getAs("source_line"));
        assertTrue(((String) q.getAs("raw")).contains("someday"));
        assertTrue(((String) q.getAs("source_file")).endsWith("d.jsonl"));
        // a type not supplied: null indicators; supplied with no records in a period: 0
        Row march = spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("division_code = '533422' and period = '2024-03'").first();
        assertEquals(0L, (long) march.getAs("documents_issued"));
        assertTrue(march.isNullAt(march.fieldIndex("platforms_active")));
        assertTrue(march.isNullAt(march.fieldIndex("platforms_active_change_pct")));
        Row shangriLa = spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("division_code = '533401' and period = '2024-03'").first();
        assertEquals(1L, (long) shangriLa.getAs("meetings_held"));
    }

    @Test
    void aRerunGivesTheSameRows() throws IOException {
        Path input = smallInput();
        Path out = dir.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        Dataset<Row> first = spark.read().parquet(out.resolve("indicators/county").toString()).localCheckpoint();
        Dataset<Row> firstClean = spark.read().parquet(out.resolve("clean/documents").toString()).localCheckpoint();
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        DatasetAssertions.assertSameRows(first, spark.read().parquet(out.resolve("indicators/county").toString()));
        DatasetAssertions.assertSameRows(firstClean, spark.read().parquet(out.resolve("clean/documents").toString()));
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            assertEquals(2, runs.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
        Path staging = out.resolve("_staging");
        if (Files.exists(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertEquals(0, left.count(), "no staging left behind");
            }
        }
    }

    @Test
    void aDivisionBreakingTheHierarchyIsQuarantinedAndTheRunGoesOn() throws IOException {
        // a county whose parent is no prefecture, and a township outside its county's code: each is
        // quarantined with its reason; the run, and the divisions that hold, go on (it once failed here)
        Path input = Fixtures.inputWithDivisions(dir.resolve("hierarchy"));
        Files.writeString(input.resolve("divisions/divisions.csv"), Files.readString(input.resolve("divisions/divisions.csv"))
                + "533499,无上级县,county,539999,\n533401999,错位乡,township,533422,\n", StandardCharsets.UTF_8);
        write(input, "documents/d.jsonl", jsonl(String.format(DOC, "D1", "2024-03-05")));
        Path out = dir.resolve("hierarchy-out");
        RunSummary summary = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        RunSummary.TypeCounts divisions = summary.recordTypes().get("divisions");
        assertEquals(2, divisions.quarantined());
        assertTrue(divisions.balances());
        Map<String, String> reasons = new java.util.TreeMap<>();
        spark.read().parquet(out.resolve("quarantine/divisions").toString()).collectAsList()
                .forEach(r -> reasons.put(r.<String>getAs("raw").split(",")[0], String.join(";", r.getList(
                        r.fieldIndex("reasons")))));
        assertEquals(Map.of("533401999", "township_code_outside_parent:code", "533499", "unknown_parent:parent_code"),
                reasons);
        assertEquals(1L, spark.read().parquet(out.resolve("clean/documents").toString()).count());
    }

    @Test
    void aReportedFigureOnAZeroBaseIsNotComputableAndTheRunSucceeds() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("zero-base"));
        List<String> docs = new java.util.ArrayList<>();
        docs.add(String.format(DOC, "COVER", "2023-01-05")); // the records cover 2023-H1: its base is a real 0
        for (int i = 1; i <= 5; i++) {
            docs.add(String.format(DOC.replace("533401", "533422"), "D" + i, "2024-03-0" + i));
        }
        write(input, "documents/d.jsonl", jsonl(docs.toArray(new String[0])));
        write(input, "reported_figures/r.csv", "county_code,period,indicator,reported_value,reported_prev_value,"
                + "reported_change_pct,direction\n533422,2024-H1,documents_issued,5,0,100,increase\n");
        Path out = dir.resolve("zero-base-out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        Row audited = spark.read().parquet(out.resolve("audit/reported_figures").toString()).first();
        assertEquals("not_computable", audited.getAs("verdict"));
        assertEquals(5.0, (double) audited.getAs("computed_value"));
        assertEquals(0.0, (double) audited.getAs("computed_prev_value"));
        assertTrue(audited.isNullAt(audited.fieldIndex("computed_change_pct")));
    }

    @Test
    void refusesAFolderItDidNotCreate() throws IOException {
        Path out = dir.resolve("someone-elses");
        Path precious = write(out, "report.docx", "a user's file");
        OutputStore.OutputRefused e = assertThrows(OutputStore.OutputRefused.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(smallInput().toString(), out.toString())));
        assertTrue(e.getMessage().contains("someone-elses"), e.getMessage());
        assertEquals("a user's file", read(precious));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(1, files.count(), "nothing was written");
        }
    }

    @Test
    void aPlanCapNamingNoDivisionStopsTheRunBeforeAnythingIsPublished() {
        Path targets = write(dir, "caps.json", "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, "
                + "\"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10, "
                + "\"inspection_plan_caps\": {\"533401\": 50, \"533499\": 40}}, \"targets\": []}");
        Path out = dir.resolve("caps-out");
        org.burdenwatch.records.InputProblem e = assertThrows(org.burdenwatch.records.InputProblem.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(smallInput().toString(), out.toString(),
                        targets.toString(), null)));
        assertEquals("targets file: parameters.inspection_plan_caps names 533499, not a county or prefecture of "
                + "divisions/: a cap must name one", e.getMessage());
        assertFalse(Files.exists(out.resolve("indicators")), "nothing published");
    }

    @Test
    void overlapsWithTheInputAndUsersFilesInTableFoldersAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path input = smallInput();
        OutputStore.OutputRefused inside = assertThrows(OutputStore.OutputRefused.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), input.resolve("out").toString())));
        assertTrue(inside.getMessage().contains("overlaps the input folder"), inside.getMessage());
        assertFalse(Files.exists(input.resolve("out")));
        // the same through a symbolic link: the next run would read its own summaries as records
        Path link = Files.createSymbolicLink(dir.resolve("link-to-documents"), input.resolve("documents"));
        OutputStore.OutputRefused throughLink = assertThrows(OutputStore.OutputRefused.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), link.resolve("out").toString())));
        assertTrue(throughLink.getMessage().contains("overlaps the input folder"), throughLink.getMessage());
        assertFalse(Files.exists(input.resolve("documents/out")));

        Path out = dir.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        Path notes = write(out, "indicators/county/my-notes.txt", "a user's notes");
        String shipped;
        try (java.io.InputStream in = getClass().getResourceAsStream(org.burdenwatch.records.TargetsFile.DEFAULT_RESOURCE)) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path targets = write(out, "targets/period_type=year/my-targets.json", shipped);
        java.util.Map<Path, Long> before = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                before.put(p, Files.getLastModifiedTime(p).toMillis());
            }
        }
        OutputStore.OutputRefused foreign = assertThrows(OutputStore.OutputRefused.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString())));
        assertTrue(foreign.getMessage().contains("was not written by this tool"), foreign.getMessage());
        Files.delete(notes);
        before.remove(notes);
        OutputStore.OutputRefused targetsInside = assertThrows(OutputStore.OutputRefused.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), targets.toString(),
                        null)));
        assertTrue(targetsInside.getMessage().contains("my-targets.json"), targetsInside.getMessage());
        java.util.Map<Path, Long> after = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                after.put(p, Files.getLastModifiedTime(p).toMillis());
            }
        }
        assertEquals(before, after, "refused runs touched nothing");
        assertEquals(shipped, read(targets));
    }

    @Test
    void aFileNameHadoopCannotAddressIsOneLine() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("colon"));
        write(input, "documents/2024:06.jsonl", jsonl(String.format(DOC, "A1", "2024-06-05")));
        InputProblem e = assertThrows(InputProblem.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), dir.resolve("o").toString())));
        assertTrue(e.getMessage().contains("documents") && e.getMessage().contains("rename it"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o")));
    }

    @Test
    void whatCannotBeReadStopsTheRunBeforeTheOutputIsTouched() throws IOException {
        Path out = dir.resolve("out");
        Path missing = dir.resolve("nowhere");
        InputProblem noInput = assertThrows(InputProblem.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(missing.toString(), out.toString())));
        assertEquals("input folder not found: " + missing, noInput.getMessage());

        Path noDivisions = dir.resolve("no-divisions");
        write(noDivisions, "documents/d.jsonl", jsonl(String.format(DOC, "A1", "2024-03-05")));
        InputProblem e = assertThrows(InputProblem.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(noDivisions.toString(), out.toString())));
        assertTrue(e.getMessage().startsWith("required folder missing: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("divisions"), e.getMessage());

        Path badHeader = Fixtures.inputWithDivisions(dir.resolve("bad-header"));
        write(badHeader, "documents/d.csv", "doc_id,issuer,county_code,issued_on\nA1,x,533401,2024-03-05\n");
        InputProblem column = assertThrows(InputProblem.class,
                () -> BurdenIndicatorsJob.run(spark, new JobConfig(badHeader.toString(), out.toString())));
        assertTrue(column.getMessage().endsWith("d.csv: required column issuer_level (发文层级) is missing"),
                column.getMessage());
        assertFalse(Files.exists(out), "the output was not created");
    }

    @Test
    void theCommandAnswersARefusalWithoutASessionAndGivesTheLockBackWhenNoneStarts() throws IOException {
        Path out = dir.resolve("command");
        Path input = smallInput();
        java.util.function.Supplier<org.apache.spark.sql.SparkSession.Builder> none = () -> {
            throw new AssertionError("a run that cannot proceed asked for a Spark session");
        };
        assertEquals(2, BurdenIndicatorsJob.command(new JobConfig(dir.resolve("nowhere").toString(), out.toString()),
                none, OutputStore.PublishSteps.NONE), "an input that is not there");
        assertFalse(Files.exists(out), "the output was not created");
        // a session that cannot start (a cluster that is not there): exit 1, the lock given back
        java.util.function.Supplier<org.apache.spark.sql.SparkSession.Builder> failing = () -> {
            throw new IllegalStateException("no cluster at spark://nowhere:7077");
        };
        JobConfig config = new JobConfig(input.toString(), out.toString());
        assertEquals(1, BurdenIndicatorsJob.command(config, failing, OutputStore.PublishSteps.NONE));
        assertFalse(Files.exists(out.resolve(org.burdenwatch.output.OutputLock.FILE)), "the lock was given back");
        // a held lock: refused before any session
        Admission holder = Admission.admit(new org.apache.hadoop.conf.Configuration(), config);
        try {
            assertEquals(2, BurdenIndicatorsJob.command(config, none, OutputStore.PublishSteps.NONE));
        } finally {
            holder.files().close(true);
        }
        // (the command's success, which stops its session, is ConcurrentRunsTest's: JobChild runs it)
    }

    @Test
    void aFailedRunLeavesThePreviousOutputsComplete() throws IOException {
        Path out = dir.resolve("out");
        Path input = smallInput();
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        Dataset<Row> before = spark.read().parquet(out.resolve("indicators/county").toString()).localCheckpoint();
        // a file that vanishes between inspection and reading makes the run fail mid-way
        Path doomed = write(input, "documents/later.jsonl", jsonl(String.format(DOC, "Z9", "2024-05-01")));
        Files.setPosixFilePermissions(doomed, java.util.Set.of());
        boolean unreadable = !Files.isReadable(doomed); // root can read anything
        if (unreadable) {
            assertThrows(InputProblem.class,
                    () -> BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString())));
        } else {
            Files.writeString(doomed, "{\"doc_id\":\"Z9\"}\n", StandardCharsets.UTF_8);
            OutputStore store = OutputStore.check(new org.apache.hadoop.conf.Configuration(), out.toString(), "t");
            // simulate a run that fails after staging part of its tables
            store.lock(false, java.time.Duration.ofHours(1));
            store.open();
            spark.range(1).write().parquet(store.stagedPath("indicators/county"));
            store.close(true);
            assertFalse(Files.exists(out.resolve("_staging")), "the failed run removed its own staging");
            assertFalse(Files.exists(out.resolve(org.burdenwatch.output.OutputLock.FILE)), "and gave the lock back");
        }
        DatasetAssertions.assertSameRows(before, spark.read().parquet(out.resolve("indicators/county").toString()));
    }
}
