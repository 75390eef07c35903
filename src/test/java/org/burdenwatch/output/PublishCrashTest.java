package org.burdenwatch.output;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.query.QueryCommandAccess;
import org.burdenwatch.testing.ChildProcess;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at every step of a publish: a reader (the query command, without writing anything) sees
 * every table of either the old run or the new one, never a mixture and never a missing table; a
 * second run is refused while the dead run's lock stands, and the run that breaks the lock rolls
 * the publish forward (or, killed before the journal, leaves the old tables) and nothing is left.
 */
class PublishCrashTest extends SparkTestBase {
    private static final String RUN = "20991231T000000Z-dead";
    private static final List<String> STEPS = List.of("before-journal", "journal-written",
            "replaced:indicators/county", "published:indicators/county", "replaced:clean/documents",
            "swapped", "summary-written", "journal-removed");

    @TempDir
    static Path dir;

    private static Path oldOut;
    private static Path newOut;
    private static Map<String, Map<String, String>> oldSet;
    private static Map<String, Map<String, String>> newSet;
    private static List<String> tables;
    private static String newSummary;

    private static final String DOC = "{\"doc_id\":\"%s\",\"issuer\":\"organ\",\"issuer_level\":\"county\","
            + "\"county_code\":\"533401\",\"issued_on\":\"%s\"}";

    @BeforeAll
    static void twoRuns() throws IOException {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        write(input, "documents/d.jsonl", jsonl(String.format(DOC, "A1", "2024-03-05"),
                String.format(DOC, "A2", "2023-03-05"), "{\"doc_id\":\"bad\"}"));
        write(input, "meetings/m.csv", "meeting_id,organizer,organizer_level,county_code,started_at,"
                + "duration_minutes,attendees\nM1,x,county,533401,2024-03-05 09:00,60,10\n");
        oldOut = dir.resolve("old");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), oldOut.toString()));
        write(input, "documents/e.jsonl", jsonl(String.format(DOC, "A3", "2024-04-05")));
        newOut = dir.resolve("new");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), newOut.toString()));
        oldSet = fingerprints(oldOut);
        newSet = fingerprints(newOut);
        tables = new ArrayList<>();
        OutputTable.parquetTables().forEach(t -> tables.add(t.path()));
        tables.addAll(List.of("_incremental/county_sums", "_incremental/township_sums"));
        try (Stream<Path> runs = Files.list(newOut.resolve("runs"))) {
            newSummary = Files.readString(runs.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        }
    }

    @Test
    void aKillAtAnyStepOfAPublishLosesNothing() throws Exception {
        for (String step : STEPS) {
            Path out = dir.resolve("out-" + STEPS.indexOf(step));
            Fixtures.copyTree(oldOut, out);
            for (String table : tables) {
                if (Files.exists(newOut.resolve(table))) {
                    Fixtures.copyTree(newOut.resolve(table), out.resolve("_staging/" + RUN + "/" + table));
                }
            }
            List<String> args = new ArrayList<>(List.of(out.toString(), RUN, step, newSummary));
            args.addAll(tables);
            try (ChildProcess child = ChildProcess.start(PublishChild.class, args)) {
                child.await(ChildProcess.PAUSED, 60);
                child.kill();
                boolean decided = !step.equals("before-journal");
                Map<String, Map<String, String>> expected = decided ? newSet : oldSet;

                // a reader sees one whole set, and reading writes nothing
                Map<Path, String> tree = tree(out);
                OutputCatalog catalog = OutputCatalog.open(spark, out.toString());
                Map<String, Map<String, String>> seen = new TreeMap<>();
                for (OutputTable t : catalog.parquetTables()) {
                    seen.put(t.path(), fingerprint(Path.of(java.net.URI.create(catalog.location(t)))));
                }
                Map<String, Map<String, String>> expectedTables = new TreeMap<>(expected);
                expectedTables.keySet().removeIf(t -> t.startsWith("_incremental"));
                assertSameSet(expectedTables, seen, "a reader after a kill at " + step);
                String sql = "select sum(documents_issued) as docs, count(*) as n_rows from county_indicators";
                assertEquals(query(decided ? newOut : oldOut, sql), query(out, sql), "jobs/query.sh after a kill at "
                        + step);
                assertEquals(tree, tree(out), "reading after a kill at " + step + " wrote nothing");

                // the dead run's lock stands: another run is refused, naming it
                OutputStore next = OutputStore.check(new Configuration(), out.toString(), "next");
                OutputLock.Locked locked = assertThrows(OutputLock.Locked.class,
                        () -> next.lock(false, Duration.ofHours(24)));
                assertTrue(locked.getMessage().contains("pid " + child.pid())
                        && locked.getMessage().contains("--break-lock"), locked.getMessage());
                assertEquals(tree, tree(out), "a refused run touched nothing");

                // taking over rolls the publish forward (or leaves the old tables) and clears the rest
                next.lock(true, Duration.ofHours(24));
                String note = next.recover();
                assertTrue(note != null && note.contains(RUN), step + ": " + note);
                next.close(false);
                assertSameSet(expected, fingerprints(out), "after taking over from a kill at " + step);
                for (String left : List.of("_staging", "_replaced", PublishJournal.FILE, OutputLock.FILE)) {
                    assertFalse(Files.exists(out.resolve(left)), step + ": " + left + " left behind");
                }
                assertEquals(decided, Files.exists(out.resolve("runs/" + RUN + ".json")), step);
            }
        }
    }

    private static String query(Path out, String sql) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int exit = QueryCommandAccess.run(spark, out.toString(), sql,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));
        return printed.toString(StandardCharsets.UTF_8);
    }

    /** Fails naming the first table that is not as expected, and whether it is the old, the new or neither. */
    private static void assertSameSet(Map<String, Map<String, String>> expected, Map<String, Map<String, String>> seen,
                                      String when) {
        if (!expected.keySet().equals(seen.keySet())) {
            throw new AssertionError(when + ": tables " + seen.keySet() + ", expected " + expected.keySet());
        }
        for (String table : expected.keySet()) {
            Map<String, String> files = seen.get(table);
            if (!files.equals(expected.get(table))) {
                String which = files.equals(oldSet.get(table)) ? "the old run's"
                        : files.equals(newSet.get(table)) ? "the new run's" : "neither run's";
                throw new AssertionError(when + ": " + table + " holds " + which + " files, expected the "
                        + (expected == oldSet || expected.get(table).equals(oldSet.get(table)) ? "old" : "new") + " run's");
            }
        }
    }

    /** Every table folder's part files: relative name → SHA-256 of the content. */
    static Map<String, Map<String, String>> fingerprints(Path out) throws IOException {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (String table : tablesIn(out)) {
            all.put(table, fingerprint(out.resolve(table)));
        }
        return all;
    }

    private static List<String> tablesIn(Path out) {
        List<String> present = new ArrayList<>();
        for (OutputTable t : OutputTable.parquetTables()) {
            if (Files.exists(out.resolve(t.path()))) {
                present.add(t.path());
            }
        }
        for (String sums : List.of("_incremental/county_sums", "_incremental/township_sums")) {
            if (Files.exists(out.resolve(sums))) {
                present.add(sums);
            }
        }
        return present;
    }

    static Map<String, String> fingerprint(Path table) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(table)) {
            for (Path f : walk.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
                files.put(table.relativize(f).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** Every file under a folder with its size and modification time. */
    static Map<Path, String> tree(Path root) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }
}
