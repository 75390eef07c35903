package org.burdenwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The settings the job chooses for itself: from the input's size, from the grid's, never over the user's. */
class SparkTuningTest extends SparkTestBase {
    @Test
    void indicatorTablesAreGeneratedCodeWhenTheGridIsLargeWhateverTheInputsSize() {
        // the job chose code generation: the wide operators of the tables without whole-stage code
        assertEquals(List.of("spark.sql.codegen.maxFields", String.valueOf(SparkTuning.WIDE_OPERATOR_FIELDS)),
                List.of(SparkTuning.indicatorTablesSetting(true, false, 10)));
        // a small input interpreted: so are its tables while the grid is small ...
        assertNull(SparkTuning.indicatorTablesSetting(false, true, SparkTuning.INTERPRETED_GRID_ROWS));
        // ... and generated projections once the divisions make it large
        assertEquals(List.of("spark.sql.codegen.factoryMode", "FALLBACK"),
                List.of(SparkTuning.indicatorTablesSetting(false, true, SparkTuning.INTERPRETED_GRID_ROWS + 1)));
        // a setting of the user's (neither chosen by the job) is left alone
        assertNull(SparkTuning.indicatorTablesSetting(false, false, Long.MAX_VALUE));
    }

    @Test
    void aSmallInputsSessionStartsWithSmallMemoryPagesUnlessTheConfigurationNamesASize() {
        long small = SparkTuning.INTERPRETED_INPUT_BYTES;
        assertEquals(Map.of("spark.buffer.pageSize", "1m"), SparkTuning.sessionSettings(small, new SparkConf(false)));
        // a larger input keeps the size Spark derives from the heap
        assertEquals(Map.of(), SparkTuning.sessionSettings(small + 1, new SparkConf(false)));
        // the user's size (spark-submit --conf, -D) is left alone
        assertEquals(Map.of(), SparkTuning.sessionSettings(small,
                new SparkConf(false).set("spark.buffer.pageSize", "16m")));
    }

    @Test
    void aSmallInputIsInterpretedWithoutAdaptiveExecutionAndTheUsersPartitionsAreKept() {
        SparkTuning tuning = SparkTuning.forInput(spark, 1L << 20);
        // the test session names its shuffle partitions (2): a setting of the user's, kept and not noted
        assertEquals("2", spark.conf().get("spark.sql.shuffle.partitions"));
        assertEquals("false", spark.conf().get("spark.sql.adaptive.enabled"));
        assertEquals("false", spark.conf().get("spark.sql.codegen.wholeStage"));
        assertEquals("NO_CODEGEN", spark.conf().get("spark.sql.codegen.factoryMode"));
        assertEquals("false", spark.conf().get(SparkTuning.JVM_CASE_MAPPINGS));
        assertEquals(List.of("interpreted evaluation (no code generation) for 1 MiB of input"), tuning.notes());
        // a large grid gets generated projections for the tables alone, said once
        long grid = SparkTuning.INTERPRETED_GRID_ROWS + 1;
        assertTrue(tuning.indicatorTablesNote(grid).contains(String.valueOf(grid)));
        assertNull(tuning.indicatorTablesNote(SparkTuning.INTERPRETED_GRID_ROWS));
        String[] during = new String[1];
        tuning.indicatorTables(grid, () -> during[0] = spark.conf().get("spark.sql.codegen.factoryMode"));
        assertEquals("FALLBACK", during[0]);
        assertEquals("NO_CODEGEN", spark.conf().get("spark.sql.codegen.factoryMode"), "set back after the tables");

        SparkTuning large = SparkTuning.forInput(spark, SparkTuning.SMALL_INPUT_BYTES + 1);
        assertEquals("true", spark.conf().get("spark.sql.adaptive.enabled"));
        assertEquals("true", spark.conf().get("spark.sql.codegen.wholeStage"));
        assertEquals(List.of(), large.notes());
        assertNull(large.indicatorTablesNote(Long.MAX_VALUE));
    }
}
