package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.burdenwatch.output.OutputLock;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.query.QueryCommandAccess;
import org.burdenwatch.testing.ChildProcess;
import org.burdenwatch.testing.DatasetAssertions;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkStartMarker;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real job processes on one output folder that holds a previous run: two started at once, the one
 * that takes the lock paused in the middle of its publish while the other is refused, and one killed
 * with SIGKILL mid-publish. Each ends with every table present and equal to a single run's. The
 * children run the job's own command ({@link BurdenIndicatorsJob#command}), so the refused one is
 * refused before it starts Spark.
 */
class ConcurrentRunsTest extends SparkTestBase {
    private static final String DOC = "{\"doc_id\":\"%s\",\"issuer\":\"organ\",\"issuer_level\":\"county\","
            + "\"county_code\":\"533401\",\"issued_on\":\"%s\"}";

    @TempDir
    static Path dir;
    private static Path input;
    private static Path single;

    @BeforeAll
    static void inputAndASingleRun() throws IOException {
        input = Fixtures.inputWithDivisions(dir.resolve("in"));
        write(input, "documents/d.jsonl", jsonl(String.format(DOC, "A1", "2024-03-05"),
                String.format(DOC, "A2", "2023-03-05"), "{\"doc_id\":\"bad\"}"));
        write(input, "meetings/m.csv", "meeting_id,organizer,organizer_level,county_code,started_at,"
                + "duration_minutes,attendees\nM1,x,county,533401,2024-03-05 09:00,60,10\n");
        single = dir.resolve("single");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), single.toString()));
    }

    /** The job in a process of its own, a full run (over a previous output, every table is replaced). */
    private static ChildProcess job(Path out, String pauseAt, Path resume) throws IOException {
        return ChildProcess.start(JobChild.class, List.of(pauseAt, resume == null ? "-" : resume.toString(),
                "--input", input.toString(), "--output", out.toString(), "--full"));
    }

    @Test
    void twoRunsStartedAtOnceOneWritesAndTheOtherIsRefusedNamingItWhileThePublishIsHalfWay() throws Exception {
        Path out = dir.resolve("at-once");
        Fixtures.copyTree(single, out); // the previous run's output
        Path resume = dir.resolve("at-once.resume");
        String halfWay = "replaced:indicators/county";
        try (ChildProcess a = job(out, halfWay, resume); ChildProcess b = job(out, halfWay, resume)) {
            // whichever takes the lock pauses with the county table replaced; the other is refused meanwhile
            ChildProcess winner = null;
            ChildProcess loser = null;
            long deadline = System.currentTimeMillis() + 180_000;
            while ((winner == null || loser == null) && System.currentTimeMillis() < deadline) {
                for (ChildProcess c : List.of(a, b)) {
                    if (c.output().contains(ChildProcess.PAUSED)) {
                        winner = c;
                    } else if (c.output().contains("error: ")) {
                        loser = c;
                    }
                }
                Thread.sleep(100);
            }
            assertTrue(winner != null && loser != null, "one pauses, one is refused:\n" + a.output() + "\n--\n"
                    + b.output());
            assertTrue(winner.output().contains(ChildProcess.PAUSED + halfWay), winner.output());
            assertEquals(2, loser.waitFor(60), loser.output());
            String refusal = loser.output().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
            assertTrue(refusal.contains("is being written by run") && refusal.contains("pid " + winner.pid()),
                    refusal);
            // refused by the checks before the session: no Spark started (on a cluster, no executors asked for)
            assertTrue(winner.output().contains(SparkStartMarker.LINE), winner.output());
            assertFalse(loser.output().contains(SparkStartMarker.LINE), loser.output());
            Files.createFile(resume);
            assertEquals(0, winner.waitFor(120), winner.output());
            // the job's command started its session with the settings for a small input
            assertTrue(winner.output().contains(org.burdenwatch.engine.SparkTuning.PAGE_SIZE + " = "
                    + org.burdenwatch.engine.SparkTuning.SMALL_INPUT_PAGE_SIZE + " for "), winner.output());
        }
        assertEverythingAsASingleRun(out);
    }

    @Test
    void aRunKilledMidPublishIsFinishedByTheRunThatTakesOver() throws Exception {
        Path out = dir.resolve("killed");
        Fixtures.copyTree(single, out); // the previous run's output
        try (ChildProcess a = job(out, "replaced:indicators/county", null)) {
            a.await(ChildProcess.PAUSED, 180);
            a.kill();
            assertTrue(Files.exists(out.resolve("_replaced")) && !Files.exists(out.resolve("indicators/county")),
                    "killed with the county table moved aside");
            // the query command still sees the whole new set
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertEquals(0, QueryCommandAccess.run(spark, out.toString(), "select count(*) as n from county_indicators",
                    new PrintStream(printed, true, StandardCharsets.UTF_8)), printed.toString());
            String count = Long.toString(spark.read().parquet(single.resolve("indicators/county").toString()).count());
            assertTrue(printed.toString().lines().anyMatch(l -> l.strip().equals(count)), printed.toString());
            // a run is refused while the dead run's lock stands, then takes over on request
            JobConfig next = new JobConfig(input.toString(), out.toString());
            OutputLock.Locked locked = assertThrows(OutputLock.Locked.class, () -> BurdenIndicatorsJob.run(spark, next));
            assertTrue(locked.getMessage().contains("pid " + a.pid()) && locked.getMessage().contains("--break-lock"),
                    locked.getMessage());
            RunSummary taken = BurdenIndicatorsJob.run(spark, next.withBreakLock());
            assertTrue(taken.notes().stream().anyMatch(n -> n.contains("finished the publish of run")), taken.notes()
                    .toString());
        }
        assertFalse(Files.exists(out.resolve("_replaced")));
        assertEverythingAsASingleRun(out);
    }

    @Test
    void aRunStoppedBySigtermBeforeItPublishesGivesItsLockBackAndOneStoppedMidPublishKeepsIt() throws Exception {
        Path out = dir.resolve("terminated");
        Fixtures.copyTree(single, out);
        try (ChildProcess a = job(out, "before-journal", null)) {
            a.await(ChildProcess.PAUSED, 180);
            a.terminate();
        }
        assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "Ctrl-C before the publish: the lock was given back");
        RunSummary next = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(), null, null)
                .withFull());
        assertEquals(0, next.notes().stream().filter(n -> n.contains("finished the publish")).count());
        assertEverythingAsASingleRun(out);

        Path mid = dir.resolve("terminated-mid-publish");
        Fixtures.copyTree(single, mid);
        try (ChildProcess b = job(mid, "journal-written", null)) {
            b.await(ChildProcess.PAUSED, 180);
            b.terminate();
            assertTrue(Files.exists(mid.resolve(OutputLock.FILE)), "mid-publish: the lock stays for --break-lock");
            OutputLock.Locked locked = assertThrows(OutputLock.Locked.class, () -> BurdenIndicatorsJob.run(spark,
                    new JobConfig(input.toString(), mid.toString())));
            assertTrue(locked.getMessage().contains("--break-lock"), locked.getMessage());
        }
    }

    @Test
    void aDriverOutOfMemoryEndsTheRunWithOneLineAndGivesTheLockBack() throws Exception {
        Path out = dir.resolve("out-of-memory");
        Fixtures.copyTree(single, out);
        try (ChildProcess a = job(out, JobChild.OUT_OF_MEMORY_AT + "before-journal", null)) {
            assertEquals(1, a.waitFor(180), a.output()); // before, the JVM stayed up with Spark's threads
            List<String> errors = a.output().lines().filter(l -> l.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), a.output());
            assertTrue(errors.get(0).contains("the driver ran out of memory"), errors.get(0));
        }
        assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "the lock was given back");
        DatasetAssertions.assertSameOutputs(spark, single, out, "parsed_by_run"); // the previous outputs, unchanged
    }

    /** Every table of the single run is there with the same rows; every run summary lists only tables that exist. */
    private static void assertEverythingAsASingleRun(Path out) throws IOException {
        DatasetAssertions.assertSameOutputsButHistory(spark, single, out); // another run, another first ingest
        assertFalse(Files.exists(out.resolve(OutputLock.FILE)), "the lock was given back");
        List<Path> summaries = new ArrayList<>();
        try (Stream<Path> runs = Files.list(out.resolve("runs"))) {
            runs.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
                    .forEach(summaries::add);
        }
        assertFalse(summaries.isEmpty());
        for (Path s : summaries) {
            RunSummary summary = RunSummary.fromJson(Files.readString(s));
            for (RunSummary.TableWritten w : summary.outputs()) {
                assertTrue(Files.exists(Path.of(java.net.URI.create(w.path()))), s + " lists " + w.path());
            }
        }
    }
}
