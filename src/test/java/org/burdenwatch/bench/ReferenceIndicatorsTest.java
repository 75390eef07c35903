package org.burdenwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column of data/sample's indicator tables, its completeness, targets and audit computed a
 * second time, in DuckDB SQL from the documented rules ({@link ReferenceIndicators},
 * {@link ReferenceChecks}), from the pipeline's own clean tables: the sample has every
 * record type (inspections, research visits and 平时分 included), Chinese headers, GB18030 files and
 * its prefecture organs' records, which the generated tree of {@link FairReferenceTest} has not.
 */
class ReferenceIndicatorsTest extends SparkTestBase {
    @TempDir
    static Path dir;

    @Test
    void theSamplesTablesEqualTheReferenceOnEveryColumn() throws Exception {
        Path pipeline = SampleOutput.folder(spark);
        Path reference = dir.resolve("reference");
        java.nio.file.Files.createDirectories(reference);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            Set<String> supplied = ReferenceIndicators.fromClean(s, pipeline);
            assertEquals(Set.of("documents", "meetings", "platforms", "platform_tasks", "inspections", "research_visits",
                    "assessments", "reported_figures"), supplied);
            ReferenceIndicators.write(s, reference, supplied, ReferenceIndicators.Parameters.defaults());
            ReferenceChecks.write(s, reference, pipeline, supplied,
                    TargetsFile.defaults(Indicators.forTargets()));
        }
        ReferenceTables.assertEqual(spark, pipeline, reference);
        ReferenceTables.assertChecksEqual(spark, pipeline, reference);
    }
}
