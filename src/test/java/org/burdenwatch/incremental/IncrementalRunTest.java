package org.burdenwatch.incremental;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reruns into an output that holds an earlier run: only new files are parsed, only touched periods
 * recomputed, and after every step each table equals what a full run on the same input writes.
 */
class IncrementalRunTest extends SparkTestBase {
    @TempDir
    Path workspace;

    private int fullRuns;

    @Test
    void aGrowingSampleRerunIncrementallyEqualsAFullRebuild() throws IOException {
        Path input = workspace.resolve("in");
        copyTree(Path.of("data/sample"), input);
        // the first run sees 2023 only for the types that have a file per year
        Path held = workspace.resolve("held");
        for (String file : YEAR_2024_FILES) {
            Files.createDirectories(held.resolve(file).getParent());
            Files.move(input.resolve(file), held.resolve(file));
        }
        String out = workspace.resolve("out").toString();
        RunSummary first = run(input, out, false);
        assertEquals(RunSummary.FULL, first.mode());
        assertEquals("full run (the output holds no earlier run)", first.notes().get(0));

        // a year of files arrives: 2024 periods appear with their year-on-year columns, 2023 rows are kept
        for (String file : YEAR_2024_FILES) {
            Files.move(held.resolve(file), input.resolve(file));
        }
        RunSummary added = run(input, out, false);
        assertEquals(RunSummary.INCREMENTAL, added.mode());
        assertEquals(List.of(1, 1, 1, 0, 0), List.of(added.recordTypes().get("documents").filesParsed(),
                added.recordTypes().get("meetings").filesParsed(), added.recordTypes().get("platform_tasks").filesParsed(),
                added.recordTypes().get("inspections").filesParsed(), added.recordTypes().get("divisions").filesParsed()));
        assertTrue(added.notes().contains("19 of 38 periods recomputed: 2024, 2024-01, 2024-02, 2024-03, 2024-04, "
                + "2024-05, 2024-06, 2024-07, 2024-08, 2024-09, 2024-10, 2024-11, 2024-12, 2024-H1, 2024-H2, 2024-Q1, "
                + "2024-Q2, 2024-Q3, 2024-Q4"), added.notes().toString());

        // a late file for March 2024: one new document, a repeat of a known one, a broken line
        String known = firstLine(input.resolve("documents/2024_oa_export.jsonl"));
        write(input, "documents/2024_zz_late.jsonl", jsonl(
                "{\"doc_id\":\"香政发〔2024〕999号\",\"issuer\":\"香格里拉市人民政府\",\"issuer_level\":\"county\","
                        + "\"county_code\":\"533401\",\"issued_on\":\"2024-03-18\",\"requires_grassroots_report\":true}",
                known, "{not json"));
        Map<String, List<String>> factsBefore = factsFilesByYear(out);
        RunSummary late = run(input, out, false);
        assertEquals(RunSummary.INCREMENTAL, late.mode());
        assertEquals(1, late.recordTypes().get("documents").filesParsed());
        assertTrue(late.notes().contains("4 of 38 periods recomputed: 2024, 2024-03, 2024-H1, 2024-Q1"),
                late.notes().toString());
        // the facts of 2023 are the published files, carried; those of 2024 are summed again
        Map<String, List<String>> factsAfter = factsFilesByYear(out);
        assertEquals(List.of("2023", "2024"), List.copyOf(factsAfter.keySet()));
        assertEquals(factsBefore.get("2023"), factsAfter.get("2023"));
        assertTrue(factsAfter.get("2024").stream().noneMatch(factsBefore.get("2024")::contains), factsAfter.toString());
        // rows from all three runs are in the output now: each must be what a full run computes
        assertEqualsFullRebuild(input, out, late);
    }

    private static final List<String> YEAR_2024_FILES = List.of("documents/2024_oa_export.jsonl",
            "meetings/2024_meetings.jsonl", "platform_tasks/2024_tasks.jsonl");

    @Test
    void aNewRecordThatSortsFirstOrAChangedFileParsesTheTypeAgain() throws IOException {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in"));
        write(input, "documents/b.jsonl", jsonl(doc("A1", "2024-03-05"), doc("A2", "2023-03-06")));
        String out = workspace.resolve("out").toString();
        run(input, out, false);

        // a.jsonl sorts before b.jsonl: its A1 becomes the kept copy, b.jsonl's A1 a duplicate
        write(input, "documents/a.jsonl", jsonl(doc("A1", "2024-04-05"), doc("A3", "2024-04-06")));
        RunSummary displaced = run(input, out, false);
        assertEquals(RunSummary.INCREMENTAL, displaced.mode());
        assertEquals(2, displaced.recordTypes().get("documents").filesParsed());
        assertEquals(1, displaced.recordTypes().get("documents").duplicates());
        assertEqualsFullRebuild(input, out, displaced);

        // a record for March 2023: its periods, and the 2024 periods compared with them, are recomputed
        write(input, "documents/c.jsonl", jsonl(doc("A5", "2023-03-20")));
        RunSummary earlier = run(input, out, false);
        assertEquals(1, earlier.recordTypes().get("documents").filesParsed());
        assertTrue(earlier.notes().contains("8 of " + earlier.periods().periods() + " periods recomputed: "
                + "2023, 2023-03, 2023-H1, 2023-Q1, 2024, 2024-03, 2024-H1, 2024-Q1"), earlier.notes().toString());
        assertEqualsFullRebuild(input, out, earlier);

        // b.jsonl changes (A2 is gone): documents are parsed again, every period recomputed
        write(input, "documents/b.jsonl", jsonl(doc("A1", "2024-03-05")));
        write(input, "documents/d.jsonl", jsonl(doc("A4", "2024-05-05")));
        RunSummary changed = run(input, out, false);
        assertEquals(4, changed.recordTypes().get("documents").filesParsed());
        assertTrue(changed.notes().stream().noneMatch(n -> n.contains("periods recomputed")), changed.notes().toString());
        assertEqualsFullRebuild(input, out, changed);
    }

    private static String doc(String id, String issuedOn) {
        return "{\"doc_id\":\"" + id + "\",\"issuer\":\"某局\",\"issuer_level\":\"county\",\"county_code\":\"533401\","
                + "\"issued_on\":\"" + issuedOn + "\",\"requires_grassroots_report\":false}";
    }

    @Test
    void nothingNewKeepsEveryTableAndReferenceChangesOrFullRebuildEverything() throws IOException {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in"));
        write(input, "documents/d.jsonl", jsonl(doc("A1", "2024-03-05")));
        String out = workspace.resolve("out").toString();
        run(input, out, false);
        Map<String, FileTime> before = parquetFiles(Path.of(out));

        RunSummary again = run(input, out, false);
        assertEquals(RunSummary.INCREMENTAL, again.mode());
        assertTrue(again.recordTypes().values().stream().allMatch(c -> c.filesParsed() == 0));
        assertTrue(again.notes().contains("0 of " + again.periods().periods() + " periods recomputed"), again.notes().toString());
        Map<String, FileTime> after = parquetFiles(Path.of(out));
        after.keySet().removeIf(f -> f.startsWith("ingested_files/") || f.startsWith("audit/"));
        before.keySet().removeIf(f -> f.startsWith("ingested_files/") || f.startsWith("audit/"));
        assertEquals(before, after, "an unchanged input leaves every table's files as they were");
        assertEquals(0, again.revised().figures(), "nothing recomputed, nothing revised");
        assertEquals(0, again.revised().inClosedPeriods());

        Path divisions = Files.list(input.resolve("divisions")).findFirst().orElseThrow();
        Files.setLastModifiedTime(divisions, FileTime.fromMillis(Files.getLastModifiedTime(divisions).toMillis() + 60_000));
        RunSummary reference = run(input, out, false);
        assertEquals(RunSummary.FULL, reference.mode());
        assertTrue(reference.notes().get(0).contains("divisions/ changed"), reference.notes().get(0));

        RunSummary forced = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out).withFull());
        assertEquals(RunSummary.FULL, forced.mode());
        assertEquals("full run (--full)", forced.notes().get(0));
        assertFalse(forced.recordTypes().get("documents").filesParsed() == 0);
    }

    @Test
    void aRerunProjectsTheYearWithLastYearsMonthsAsPublished() throws IOException {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in"));
        // 2023 from January: three of its four documents in January and February
        write(input, "documents/a.jsonl", jsonl(doc("A1", "2023-01-10"), doc("A2", "2023-02-10"),
                doc("A3", "2023-02-11"), doc("A4", "2023-11-10"), doc("A5", "2024-01-15")));
        String out = workspace.resolve("out").toString();
        run(input, out, false);

        write(input, "documents/b.jsonl", jsonl(doc("A6", "2024-02-03")));
        RunSummary added = run(input, out, false);
        assertTrue(added.notes().contains("4 of 24 periods recomputed: 2024, 2024-02, 2024-H1, 2024-Q1"),
                added.notes().toString());
        // 2024's two documents by February projected with 2023's share of them by February: 2 / 0.75.
        // The 2023 months are not recomputed: the projection reads them as published
        Row projected = spark.read().parquet(Path.of(out, "targets").toString())
                .filter("division_code = '533401' and period = '2024' and indicator = 'documents_issued'")
                .select("projected_value").first();
        assertEquals(2 / 0.75, projected.getDouble(0), 1e-9);
        assertEqualsFullRebuild(input, out, added);
    }

    @Test
    void factsWrittenBeforeTheirFilesWereNamedByYearAreSummedWhole() throws IOException {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in"));
        write(input, "documents/a.jsonl", jsonl(doc("A1", "2023-03-05"), doc("A2", "2024-03-06")));
        String out = workspace.resolve("out").toString();
        run(input, out, false);
        // an output of an earlier version: its facts' files carry no year
        Path facts = Path.of(out, "_incremental", "facts");
        try (Stream<Path> files = Files.list(facts)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                Files.move(f, f.resolveSibling(f.getFileName().toString().replaceFirst("^part-\\d{4}-", "part-")));
            }
        }
        assertTrue(factsFilesByYear(out).isEmpty());

        write(input, "documents/b.jsonl", jsonl(doc("A3", "2024-04-06")));
        RunSummary added = run(input, out, false);
        assertEquals(RunSummary.INCREMENTAL, added.mode());
        assertEquals(List.of("2023", "2024"), List.copyOf(factsFilesByYear(out).keySet()));
        assertEqualsFullRebuild(input, out, added);
    }

    /** The files of the published facts by the year in their names ({@code part-2024-…}). */
    private static Map<String, List<String>> factsFilesByYear(String out) throws IOException {
        Map<String, List<String>> byYear = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of(out, "_incremental", "facts"))) {
            for (String name : files.map(f -> f.getFileName().toString()).sorted().toList()) {
                if (name.matches("part-\\d{4}-.*\\.parquet")) {
                    byYear.computeIfAbsent(name.substring(5, 9), y -> new ArrayList<>()).add(name);
                }
            }
        }
        return byYear;
    }

    private RunSummary run(Path input, String out, boolean full) throws IOException {
        JobConfig config = new JobConfig(input.toString(), out);
        return BurdenIndicatorsJob.run(spark, full ? config.withFull() : config);
    }

    /** Every table of the output equals the same table of a full run on the same input, and so do the counts. */
    private void assertEqualsFullRebuild(Path input, String out, RunSummary incremental) throws IOException {
        String reference = workspace.resolve("full-" + (++fullRuns)).toString();
        RunSummary full = run(input, reference, true);
        DatasetAssertions.assertSameOutputsButHistory(spark, Path.of(reference), Path.of(out));
        assertEquals(full.periods(), incremental.periods());
        full.recordTypes().forEach((type, c) -> {
            RunSummary.TypeCounts i = incremental.recordTypes().get(type);
            assertEquals(List.of(c.supplied(), c.files(), c.recordsRead(), c.accepted(), c.quarantined(), c.duplicates()),
                    List.of(i.supplied(), i.files(), i.recordsRead(), i.accepted(), i.quarantined(), i.duplicates()), type);
            assertEquals(c.topReasons(), i.topReasons(), type);
            assertEquals(c.unknownColumns(), i.unknownColumns(), type);
        });
    }

    private static String firstLine(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.findFirst().orElseThrow();
        }
    }

    private static Map<String, FileTime> parquetFiles(Path root) throws IOException {
        Map<String, FileTime> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                files.put(root.relativize(p).toString(), Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
