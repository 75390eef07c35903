package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped sample, end to end: the seed article's Shangri-La figures, computed correctly. */
class SampleEndToEndTest extends SparkTestBase {
    @TempDir
    static Path out;
    static RunSummary summary;
    static Dataset<Row> county;

    @BeforeAll
    static void runOnTheSample() throws Exception {
        summary = BurdenIndicatorsJob.run(spark, new JobConfig(Path.of("data/sample").toString(), out.toString()));
        county = spark.read().parquet(out.resolve("indicators/county").toString()).cache();
    }

    private static Row shangriLa(String period) {
        return county.filter("division_code = '533401' and period = '" + period + "'").first();
    }

    @Test
    void shangriLaFirstHalf2024MatchesTheArticleWithTheRightChange() {
        Row h1 = shangriLa("2024-H1");
        assertEquals("香格里拉市", h1.getAs("division_name"));
        assertEquals(415L, (long) h1.getAs("documents_issued"));
        assertEquals(496L, (long) h1.getAs("documents_issued_prev"));
        // the article says "down 19.5%" (81/415); the year-on-year change is (415-496)/496
        assertEquals(-16.3, (double) h1.getAs("documents_issued_change_pct"));
        assertEquals(95L, (long) h1.getAs("meetings_held"));
        assertEquals(145L, (long) h1.getAs("meetings_held_prev"));
        assertEquals(-34.5, (double) h1.getAs("meetings_held_change_pct"));
    }

    @Test
    void everyRecordTypeBalancesAndTheBadRowsAreQuarantined() {
        for (String type : List.of("divisions", "documents", "meetings", "platforms")) {
            RunSummary.TypeCounts c = summary.recordTypes().get(type);
            assertTrue(c.supplied(), type);
            assertTrue(c.balances(), type);
        }
        assertEquals(33, summary.recordTypes().get("divisions").accepted(), "a prefecture, 3 counties, 29 townships");
        assertTrue(summary.recordTypes().get("documents").quarantined() >= 4);
        assertTrue(summary.recordTypes().get("documents").duplicates() >= 1);
        assertTrue(summary.recordTypes().get("meetings").quarantined() >= 3);
        assertTrue(summary.recordTypes().get("platforms").quarantined() >= 1);
    }

    @Test
    void everyCountyAndThePrefectureForEveryPeriod() {
        // 24 months, 8 quarters, 4 halves, 2 years, for 4 divisions
        assertEquals(4 * 38, county.count());
        assertEquals(38, county.filter("division_code = '533400'").count());
        assertEquals(29 * 38, spark.read().parquet(out.resolve("indicators/township").toString()).count());
    }

    @Test
    void platformsWereRetiredIn2024AndWorkGroupsCarryBannedFeatures() {
        Row year = shangriLa("2024");
        assertTrue((long) year.getAs("platforms_retired") > 0);
        assertTrue((long) year.getAs("platforms_active") < (long) year.getAs("platforms_active_prev"));
        assertTrue((long) shangriLa("2024-H1").getAs("platforms_with_banned_features") > 0);
    }
}
