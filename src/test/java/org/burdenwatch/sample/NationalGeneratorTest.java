package org.burdenwatch.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale generator: deterministic, in the records.md layout, and every garbage row is quarantined. */
class NationalGeneratorTest extends SparkTestBase {
    @TempDir
    Path dir;

    private NationalGenerator.Options options(Path out) {
        return NationalGenerator.Options.parse(new String[] {"--output", out.toString(), "--counties", "12",
            "--townships-per-county", "3", "--task-rows", "4000", "--bad-fraction", "0.02", "--files", "3"});
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(root::relativize).sorted().toList();
        }
    }

    @Test
    void theSameOptionsGiveTheSameFilesAndEveryGarbageRowIsQuarantined() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Map<String, long[]> written = NationalGenerator.generate(spark, options(a));
        NationalGenerator.generate(spark, options(b));
        assertEquals(files(a), files(b));
        for (Path f : files(a)) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        }
        assertEquals(3, files(a).stream().filter(p -> p.startsWith("platform_tasks")).count(), "--files 3");
        assertEquals(4000, written.get("platform_tasks")[0]);
        assertEquals(200, written.get("documents")[0], "a document per 20 tasks");
        assertTrue(written.get("platform_tasks")[1] > 40 && written.get("platform_tasks")[1] < 130,
                "about 2% garbage: " + written.get("platform_tasks")[1]);

        RunSummary run = BurdenIndicatorsJob.run(spark, new JobConfig(a.toString(), dir.resolve("out").toString()));
        for (String type : List.of("documents", "meetings", "platforms", "platform_tasks")) {
            RunSummary.TypeCounts c = run.recordTypes().get(type);
            assertEquals(written.get(type)[0], c.recordsRead(), type);
            assertEquals(written.get(type)[1], c.quarantined(), type + ": every garbage row, and only those");
            assertEquals(written.get(type)[0] - written.get(type)[1], c.accepted(), type);
            assertTrue(c.balances(), type);
        }
        assertEquals(written.get("divisions")[0], run.recordTypes().get("divisions").accepted());
    }

    @Test
    void aMonthOfFilesWithItsOwnIdsAddsToATreeWithoutRepeatingKeys() throws Exception {
        Path month = dir.resolve("month");
        NationalGenerator.generate(spark, NationalGenerator.Options.parse(new String[] {"--output", month.toString(),
            "--counties", "12", "--townships-per-county", "3", "--task-rows", "400", "--files", "2",
            "--first-month", "2024-01", "--months", "1", "--id-prefix", "2024-01-"}));
        assertEquals(List.of("2024-01-part-00000.jsonl", "2024-01-part-00001.jsonl"), files(month.resolve("platform_tasks"))
                .stream().map(Path::toString).toList());
        for (Path f : files(month.resolve("platform_tasks"))) {
            for (String line : Files.readAllLines(month.resolve("platform_tasks").resolve(f))) {
                assertTrue(line.startsWith("{\"task_id\":\"T2024-01-"), line);
                assertTrue(line.contains("\"pushed_at\":\"2024-01-"), line);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NationalGenerator.Options.parse(
                new String[] {"--output", "x", "--first-month", "2024-13"}));
    }

    @Test
    void aFolderThatIsNotEmptyIsRefused() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("mine.txt"), "keep");
        assertThrows(IllegalStateException.class, () -> NationalGenerator.generate(spark, options(taken)));
        assertEquals("keep", Files.readString(taken.resolve("mine.txt")));
    }

    @Test
    void codesFollowGbT2260Shapes() {
        assertEquals("110101", NationalGenerator.countyCode(0));
        assertEquals("110100", NationalGenerator.prefectureCode(8));
        assertEquals("110201", NationalGenerator.countyCode(9));
        assertEquals("110101101", NationalGenerator.townshipCode(0, 0));
        assertEquals(6, NationalGenerator.countyCode(2843).length());
    }
}
