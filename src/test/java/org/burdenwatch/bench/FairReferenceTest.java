package org.burdenwatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.sample.NationalGenerator;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's fair reference is checked, not trusted: on a small generated tree of several
 * prefectures (a quarter of the documents from their own organs) with garbage rows, its county and
 * township tables equal the pipeline's on every column, and its accepted,
 * quarantined and duplicate counts equal the pipeline's (DuckDB's JDBC driver is a test-scope
 * dependency; the reference itself lives in src/tools).
 */
class FairReferenceTest extends SparkTestBase {
    @TempDir
    static Path dir;
    static RunSummary pipeline;
    static Map<String, long[]> reference;

    @BeforeAll
    static void runBoth() throws Exception {
        Path input = dir.resolve("in");
        NationalGenerator.generate(spark, NationalGenerator.Options.parse(new String[] {"--output", input.toString(),
                "--counties", "20", "--townships-per-county", "3", "--task-rows", "6000", "--years", "2",
                "--bad-fraction", "0.02", "--files", "2"}));
        pipeline = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), dir.resolve("pipeline").toString()));
        reference = FairDuckDbReference.run(input, dir.resolve("reference"), LocalDate.now(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void countsEqualThePipelinesPerRecordType() {
        for (Map.Entry<String, long[]> e : reference.entrySet()) {
            RunSummary.TypeCounts counts = pipeline.recordTypes().get(e.getKey());
            assertArrayEquals(new long[] {counts.accepted(), counts.quarantined(), counts.duplicates()}, e.getValue(),
                    e.getKey() + ": accepted, quarantined, duplicates");
        }
        assertTrue(reference.get("platform_tasks")[1] > 0, "the tree has garbage the reference quarantined");
    }

    @Test
    void bothTablesEqualThePipelinesOnEveryColumn() {
        ReferenceTables.assertEqual(spark, dir.resolve("pipeline"), dir.resolve("reference"));
    }

    /** The same tree's completeness, targets_missed and targets, from the pipeline's clean tables. */
    @Test
    void completenessAndTargetsEqualTheReferencesFromTheCleanTables() throws Exception {
        Path reference = java.nio.file.Files.createDirectories(dir.resolve("from-clean"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             java.sql.Statement s = c.createStatement()) {
            java.util.Set<String> supplied = ReferenceIndicators.fromClean(s, dir.resolve("pipeline"));
            ReferenceIndicators.write(s, reference, supplied, ReferenceIndicators.Parameters.defaults());
            ReferenceChecks.write(s, reference, dir.resolve("pipeline"), supplied,
                    org.burdenwatch.records.TargetsFile.defaults(org.burdenwatch.indicators.Indicators.forTargets()));
        }
        ReferenceTables.assertEqual(spark, dir.resolve("pipeline"), reference);
        ReferenceTables.assertChecksEqual(spark, dir.resolve("pipeline"), reference);
    }
}
