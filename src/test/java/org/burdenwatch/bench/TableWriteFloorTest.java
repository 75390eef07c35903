package org.burdenwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write-floor bench writes each indicator table again, touches nothing in the output and leaves no folder. */
class TableWriteFloorTest extends SparkTestBase {
    @Test
    void eachTableIsWrittenEveryRoundAndTheOutputAndTheTemporaryFolderAreLeftAsTheyWere() throws IOException {
        Path out = SampleOutput.folder(spark);
        Map<String, String> outputBefore = listing(out);
        List<Path> scratchBefore = scratchFolders();

        List<TableWriteFloor.Writes> writes = TableWriteFloor.measure(spark, out, 2);

        assertEquals(List.of("county", "township"), writes.stream().map(TableWriteFloor.Writes::table).toList());
        for (TableWriteFloor.Writes w : writes) {
            assertEquals(spark.read().parquet(out.resolve("indicators").resolve(w.table()).toString()).count(), w.rows());
            assertTrue(w.rows() > 0, w.table());
            assertEquals(2, w.seconds().size(), w.table());
            assertTrue(w.seconds().stream().allMatch(s -> s > 0), w.seconds().toString());
        }
        assertEquals(outputBefore, listing(out), "the output read is never written");
        assertEquals(scratchBefore, scratchFolders(), "the tool's own folder is removed");
    }

    @Test
    void aFolderWithoutTheTablesIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        List<Path> scratchBefore = scratchFolders();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableWriteFloor.measure(spark, dir, 1));
        assertTrue(e.getMessage().contains("give the output folder of a run"), e.getMessage());
        assertEquals(scratchBefore, scratchFolders());
    }

    @Test
    void theMedianIsTheMiddleRoundOrTheMeanOfTheMiddleTwo() {
        assertEquals(3.0, new TableWriteFloor.Writes("t", 1, 1, List.of(5.0, 1.0, 3.0)).median());
        assertEquals(2.5, new TableWriteFloor.Writes("t", 1, 1, List.of(3.0, 10.0, 1.0, 2.0)).median());
    }

    /** Every file under the folder with its size and time. */
    private static Map<String, String> listing(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    private static List<Path> scratchFolders() throws IOException {
        try (Stream<Path> paths = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return paths.filter(p -> p.getFileName().toString().startsWith("table-write-floor")).sorted().toList();
        }
    }
}
