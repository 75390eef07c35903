package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.burdenwatch.engine.CommandLines;

import org.junit.jupiter.api.Test;

class JobConfigTest {
    @Test
    void parsesInputAndOutput() {
        assertEquals(new JobConfig("in", "hdfs:///out"), JobConfig.parse("--input", "in", "--output", "hdfs:///out"));
    }

    @Test
    void fullIsAFlagAndOffByDefault() {
        assertEquals(false, JobConfig.parse("--input", "i", "--output", "o").full());
        assertEquals(new JobConfig("i", "o").withFull(), JobConfig.parse("--full", "--input", "i", "--output", "o"));
    }

    @Test
    void takesADatabaseNameForTheCatalog() {
        assertEquals("burden", JobConfig.parse("--input", "i", "--output", "o", "--database", "burden").database());
        assertEquals("--database needs a name of letters, digits and _: a-b; drop",
                assertThrows(IllegalArgumentException.class,
                        () -> JobConfig.parse("--input", "i", "--output", "o", "--database", "a-b; drop")).getMessage());
    }

    @Test
    void oneLineAnswersForWrongArguments() {
        assertEquals("Missing required option: '--input=DIR'",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--output", "o")).getMessage());
        assertEquals("Missing required option: '--output=DIR'",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--input", "i")).getMessage());
        assertEquals("Expected parameter for option '--input' but found '--output'",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--input", "--output", "o")).getMessage());
        assertEquals("Unknown options: '--inptu', 'x'",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--input", "i", "--output", "o", "--inptu", "x")).getMessage());
        assertEquals("--stale-lock-hours needs a whole number of hours ≥ 1: 0", assertThrows(IllegalArgumentException.class,
                () -> JobConfig.parse("--input", "i", "--output", "o", "--stale-lock-hours", "0")).getMessage());
        for (String[] wrong : List.of(new String[] {"--input", "i", "--output", "o", "--stale-lock-hours", "x"},
                new String[] {"--input", "i", "--output", "o", "--full=maybe"})) {
            String message = assertThrows(IllegalArgumentException.class, () -> JobConfig.parse(wrong)).getMessage();
            assertFalse(message.contains("\n"), message);
        }
    }

    @Test
    void theLastValueOfAnOptionGivenTwiceCountsAsTheLaunchersGiveDefaultsFirst() {
        assertEquals(new JobConfig("mine", "o"), JobConfig.parse("--input", "data/sample", "--output", "o", "--input", "mine"));
    }

    @Test
    void theHelpIsGeneratedFromTheOptionsAndTheErrorsSynopsisNamesThemAll() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertThrows(CommandLines.HelpShown.class, () -> CommandLines.parse(new JobConfig.Options(),
                new String[] {"--help"}, print));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--input=DIR", "--output=DIR", "--targets=FILE", "--database=NAME", "--full",
                "--break-lock", "--stale-lock-hours=N", "default: 24")) {
            assertTrue(help.contains(option), option + " in " + help);
            if (!option.startsWith("default")) {
                assertTrue(JobConfig.usage().contains(option), option + " in " + JobConfig.usage());
            }
        }
        assertTrue(JobConfig.usage().startsWith("usage: jobs/run.sh "), JobConfig.usage());
    }
}
