package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("missing --input DIR",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--output", "o")).getMessage());
        assertEquals("missing --output DIR",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--input", "i")).getMessage());
        assertEquals("--input needs a value",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--input", "--output", "o")).getMessage());
        assertEquals("unknown argument --inptu",
                assertThrows(IllegalArgumentException.class, () -> JobConfig.parse("--inptu", "x")).getMessage());
    }
}
