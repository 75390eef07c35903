package org.burdenwatch.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataGeneratorTest {
    @TempDir
    Path dir;

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void theCommittedSampleIsWhatTheGeneratorWrites() throws IOException {
        SampleDataGenerator.generate(dir, SampleDataGenerator.DEFAULT_SEED);
        Path committed = Path.of("data/sample");
        assertEquals(files(committed), files(dir));
        for (Path f : files(dir)) {
            assertArrayEquals(Files.readAllBytes(committed.resolve(f)), Files.readAllBytes(dir.resolve(f)),
                    f + " differs: run jobs/generate-sample.sh and commit the result");
        }
    }

    @Test
    void anotherSeedGivesOtherRecords() throws IOException {
        SampleDataGenerator.generate(dir, 7L);
        Path committed = Path.of("data/sample/meetings/2024_meetings.jsonl");
        assertEquals(false, java.util.Arrays.equals(Files.readAllBytes(committed),
                Files.readAllBytes(dir.resolve("meetings/2024_meetings.jsonl"))));
    }

    @Test
    void csvQuotingFollowsRfc4180() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n",
                SampleDataGenerator.csvLine(List.of("a", "b,c", "say \"hi\"", "x\ny")));
    }
}
