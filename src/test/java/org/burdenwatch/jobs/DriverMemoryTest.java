package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.burdenwatch.testing.ChildProcess;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Valid input that repeats itself does not run the driver out of memory: one document line sent
 * 300,000 times and a file of 200,000 meetings sent twice, run by the real job in a JVM of 512 MiB
 * (Spark's least). The copies of a repeated key stay in Spark; with them gathered on the driver, as
 * before, this run ended in "OutOfMemoryError: Java heap space".
 */
class DriverMemoryTest extends SparkTestBase {
    @TempDir
    static Path dir;

    @Test
    void repeatsByTheHundredThousandStayInSpark() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        String line = "{\"doc_id\":\"香政办发〔2024〕1号\",\"issuer\":\"香格里拉市人民政府办公室\",\"issuer_level\":\"county\","
                + "\"county_code\":\"533401\",\"issued_on\":\"2024-03-05\",\"requires_grassroots_report\":true,"
                + "\"title\":\"关于加强基层减负工作的通知\",\"characters\":1200}\n";
        write(input.resolve("documents/repeated.jsonl"), 300_000, i -> line);
        for (String copy : List.of("a.csv", "b.csv")) {
            write(input.resolve("meetings/" + copy), 200_001, i -> i == 0
                    ? "meeting_id,organizer,organizer_level,county_code,started_at,duration_minutes,attendees\n"
                    : "M" + i + ",县政府,county,533401,2024-03-" + String.format("%02d", 1 + i % 28) + " 09:00,60,20\n");
        }
        Path out = dir.resolve("out");
        try (ChildProcess job = ChildProcess.start(JobChild.class, "512m", ChildProcess.Compilation.TIERED,
                List.of("-", "-", "--input", input.toString(), "--output", out.toString()))) {
            assertEquals(0, job.waitFor(600), job.output());
        }
        assertEquals(1, spark.read().parquet(out.resolve("clean/documents").toString()).count());
        assertEquals(299_999, spark.read().parquet(out.resolve("duplicates/documents").toString()).count());
        assertEquals(200_000, spark.read().parquet(out.resolve("clean/meetings").toString()).count());
        assertEquals(200_000, spark.read().parquet(out.resolve("duplicates/meetings").toString()).count());
        // every copy not kept names the kept one: the first by file, then line
        assertEquals(0, spark.read().parquet(out.resolve("duplicates/meetings").toString())
                .filter("kept_source_file not like '%a.csv'").count());
    }

    private static void write(Path file, int lines, java.util.function.IntFunction<String> line) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write(line.apply(i));
            }
        }
    }
}
