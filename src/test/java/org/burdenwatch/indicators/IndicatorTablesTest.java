package org.burdenwatch.indicators;

import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.TargetsFile;
import static org.burdenwatch.testing.IndicatorRows.row;

import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The county and township tables on a hand-made input whose every figure is worked out below. */
class IndicatorTablesTest extends SparkTestBase {
    @TempDir
    static Path workspace;
    static Dataset<Row> county;
    static Dataset<Row> township;

    private static String doc(String id, String county, String day, boolean report) {
        return String.format("{\"doc_id\":\"%s\",\"issuer\":\"organ\",\"issuer_level\":\"%s\",\"county_code\":\"%s\","
                + "\"issued_on\":\"%s\",\"requires_grassroots_report\":%s}", id,
                county.equals("533400") ? "prefecture" : "county", county, day, report);
    }

    private static String meeting(String id, String township, String at, int minutes, int grassroots) {
        return String.format("{\"meeting_id\":\"%s\",\"organizer\":\"organ\",\"organizer_level\":\"county\","
                + "\"county_code\":\"533401\",%s\"started_at\":\"%s\",\"duration_minutes\":%d,\"attendees\":50,"
                + "\"grassroots_attendees\":%d}", id, township == null ? "" : "\"township_code\":\"" + township + "\",",
                at, minutes, grassroots);
    }

    @BeforeAll
    static void runTheJob() throws Exception {
        Path input = Fixtures.inputWithDivisions(workspace.resolve("in"));
        write(input, "documents/d.jsonl", jsonl(
                doc("A1", "533401", "2023-01-05", false),
                doc("A2", "533401", "2023-03-10", true),
                doc("A3", "533401", "2023-04-01", false),
                doc("A4", "533401", "2024-03-05", true),
                doc("A5", "533401", "2024-06-30", false),
                doc("A6", "533401", "2024-07-01", false),
                doc("B1", "533422", "2024-01-15", false),
                doc("P1", "533400", "2024-02-01", false)));
        write(input, "meetings/m.jsonl", jsonl(
                // 23:30 on 30 June in Shanghai: June, first half-year
                meeting("M1", "533401101", "2024-06-30T15:30:00Z", 90, 10),
                // 00:30 on 1 July in Shanghai: July, second half-year
                meeting("M2", null, "2024-06-30T16:30:00Z", 60, 0),
                // midnight on 1 January 2024 in Shanghai: 2024, not 2023
                meeting("M3", null, "2023-12-31T16:00:00Z", 30, 0),
                meeting("M4", null, "2023-06-15 09:00", 120, 20)));
        write(input, "platforms/p.jsonl", jsonl(
                "{\"platform_id\":\"P1\",\"kind\":\"work_group\",\"name\":\"g\",\"county_code\":\"533401\","
                        + "\"launched_on\":\"2023-01-01\",\"retired_on\":\"2024-07-01\",\"features\":\"打卡\"}",
                "{\"platform_id\":\"P2\",\"kind\":\"app\",\"name\":\"a\",\"county_code\":\"533401\","
                        + "\"township_code\":\"533401201\",\"launched_on\":\"2024-06-30\"}",
                "{\"platform_id\":\"P3\",\"kind\":\"public_account\",\"name\":\"p\",\"county_code\":\"533401\","
                        + "\"launched_on\":\"2024-07-31\",\"features\":[\"online_time\"]}"));
        Path out = workspace.resolve("out");
        BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString()));
        county = spark.read().parquet(out.resolve("indicators/county").toString()).cache();
        township = spark.read().parquet(out.resolve("indicators/township").toString()).cache();
    }

    private static Object value(String division, String period, String column) {
        return row(county, division, period).getAs(column);
    }

    @Test
    void oneRowPerDivisionAndPeriodOverTheCoveredMonths() {
        // months 2023-01 … 2024-07: 19 months, 7 quarters, 4 halves, 2 years = 32 periods; 3 divisions
        assertEquals(3 * 32, county.count());
        assertEquals(3 * 32, township.count());
        assertEquals(Boolean.FALSE, value("533401", "2024", "period_complete"));
        assertEquals(Boolean.TRUE, value("533401", "2024-H1", "period_complete"));
        assertEquals(java.sql.Date.valueOf("2024-01-01"), value("533401", "2024-H1", "period_start"));
        assertEquals(java.sql.Date.valueOf("2024-06-30"), value("533401", "2024-H1", "period_end"));
        assertEquals("county", value("533401", "2024-H1", "level"));
        assertEquals("prefecture", value("533400", "2024-H1", "level"));
        assertTrue(Arrays.asList(county.columns()).contains("period_type"));
    }

    @Test
    void documentsAndTheirYearOnYearChange() {
        assertEquals(2L, value("533401", "2024-H1", "documents_issued"));
        assertEquals(3L, value("533401", "2024-H1", "documents_issued_prev"));
        assertEquals(-33.3, value("533401", "2024-H1", "documents_issued_change_pct"));
        assertEquals(1L, value("533401", "2024-H1", "documents_requiring_report"));
        assertEquals(0.0, value("533401", "2024-H1", "documents_requiring_report_change_pct"));
        assertEquals(1L, value("533401", "2024-07", "documents_issued"));
        // a zero base gives no percentage
        assertEquals(1L, value("533422", "2024-H1", "documents_issued"));
        assertEquals(0L, value("533422", "2024-H1", "documents_issued_prev"));
        assertNull(value("533422", "2024-H1", "documents_issued_change_pct"));
        // no previous year in the records: prev and change are null
        assertNull(value("533401", "2023-H1", "documents_issued_prev"));
        assertNull(value("533401", "2023-H1", "documents_issued_change_pct"));
    }

    @Test
    void prefectureRowsSumTheirCountiesAndTheirOwnOrgans() {
        assertEquals(4L, value("533400", "2024-H1", "documents_issued"));
        assertEquals(3L, value("533400", "2024-H1", "documents_issued_prev"));
        // the only meetings are Shangri-La's: the prefecture row equals it
        assertEquals(2L, value("533400", "2024-H1", "meetings_held"));
        assertEquals(2L, value("533400", "2024-06", "platforms_active"));
    }

    @Test
    void meetingsArePlacedByTheirShanghaiDate() {
        assertEquals(2L, value("533401", "2024-H1", "meetings_held"));
        assertEquals(1L, value("533401", "2024-H1", "meetings_held_prev"));
        assertEquals(100.0, value("533401", "2024-H1", "meetings_held_change_pct"));
        assertEquals(1L, value("533401", "2024-06", "meetings_held"));
        assertEquals(1L, value("533401", "2024-07", "meetings_held"));
        assertEquals(0L, value("533401", "2023-12", "meetings_held"));
        assertEquals(1L, value("533401", "2024-01", "meetings_held"));
        assertEquals(2.0, value("533401", "2024-H1", "meeting_hours"));
        assertEquals(15.0, value("533401", "2024-H1", "grassroots_attendee_hours"));
        assertEquals(2.0, value("533401", "2023-H1", "meeting_hours"));
        // meetings supplied, none in Deqin: zero, not null
        assertEquals(0L, value("533422", "2024-H1", "meetings_held"));
    }

    @Test
    void platformsActiveOnTheLastDayAndRetiredOnTheFirst() {
        // P1 retires on 1 July: still active on 30 June; P2 launches on 30 June: active on that day
        assertEquals(2L, value("533401", "2024-06", "platforms_active"));
        assertEquals(1L, value("533401", "2024-06", "platforms_active_app"));
        assertEquals(1L, value("533401", "2024-06", "platforms_active_work_group"));
        assertEquals(1L, value("533401", "2024-06", "platforms_with_banned_features"));
        assertEquals(0L, value("533401", "2024-06", "platforms_retired"));
        // July: P1 retired on the period's first day, P3 launched on its last
        assertEquals(2L, value("533401", "2024-07", "platforms_active"));
        assertEquals(1L, value("533401", "2024-07", "platforms_active_public_account"));
        assertEquals(1L, value("533401", "2024-07", "platforms_retired"));
        assertEquals(1L, value("533401", "2024-07", "platforms_with_banned_features"));
        assertEquals(1L, value("533401", "2024-Q3", "platforms_retired"));
        assertEquals(1L, value("533401", "2023-06", "platforms_active"));
        assertEquals(1L, value("533401", "2024-06", "platforms_active_prev"));
        assertEquals(100.0, value("533401", "2024-06", "platforms_active_change_pct"));
    }

    @Test
    void townshipRowsFromRecordsThatNameATownship() {
        assertEquals(1L, (long) row(township, "533401101", "2024-H1").getAs("meetings_held"));
        assertEquals(15.0, (double) row(township, "533401101", "2024-H1").getAs("grassroots_attendee_hours"));
        assertEquals("533401", row(township, "533401101", "2024-H1").getAs("county_code"));
        assertEquals(0L, (long) row(township, "533401201", "2024-H1").getAs("meetings_held"));
        assertEquals(1L, (long) row(township, "533401201", "2024-06").getAs("platforms_active"));
        assertEquals(0L, (long) row(township, "533401201", "2024-05").getAs("platforms_active"));
    }

    @Test
    void changePctIsHalfUpToOneDecimalAndNullOnAZeroOrMissingBase() {
        StructType schema = new StructType().add("x", DataTypes.LongType).add("prev", DataTypes.LongType);
        List<Row> rows = List.of(RowFactory.create(415L, 496L), RowFactory.create(95L, 145L),
                RowFactory.create(2001L, 2000L), RowFactory.create(1999L, 2000L), RowFactory.create(0L, 5L),
                RowFactory.create(5L, 0L), RowFactory.create(5L, null), RowFactory.create(null, 5L),
                RowFactory.create(2003L, 2000L));
        List<Row> out = spark.createDataFrame(rows, schema)
                .select(IndicatorTables.changePct(org.apache.spark.sql.functions.col("x"),
                        org.apache.spark.sql.functions.col("prev"))).collectAsList();
        assertEquals(-16.3, out.get(0).get(0));
        assertEquals(-34.5, out.get(1).get(0));
        assertEquals(0.1, out.get(2).get(0), "+0.05 rounds half-up to +0.1");
        assertEquals(-0.1, out.get(3).get(0), "-0.05 rounds half-up (away from zero) to -0.1");
        assertEquals(-100.0, out.get(4).get(0));
        assertNull(out.get(5).get(0));
        assertNull(out.get(6).get(0));
        assertNull(out.get(7).get(0));
        assertEquals(0.2, out.get(8).get(0), "0.15 exactly: decimal arithmetic, not binary floating point");
    }

    @Test
    void aPeriodListIsEveryPeriodWithItsBoundsAndCoverageAndMayBeEmpty() {
        Dataset<Row> one = spark.range(1).toDF();
        List<String> rows = one.select(org.apache.spark.sql.functions.inline(IndicatorTables.periodList(
                        List.of(Period.month(2024, 2), Period.half(2024, 1), Period.year(2024)),
                        java.time.YearMonth.of(2024, 1), java.time.YearMonth.of(2024, 6))))
                .collectAsList().stream().map(Row::toString).toList();
        // type, label, start, end, covered, and whether the same period a year before is covered
        assertEquals(List.of("[month,2024-02,2024-02-01,2024-02-29,true,false]",
                "[half,2024-H1,2024-01-01,2024-06-30,true,false]", "[year,2024,2024-01-01,2024-12-31,false,false]"), rows);
        List<String> withAYearBefore = one.select(org.apache.spark.sql.functions.inline(IndicatorTables.periodList(
                        List.of(Period.month(2024, 2), Period.half(2024, 1), Period.year(2024)),
                        java.time.YearMonth.of(2023, 2), java.time.YearMonth.of(2024, 6))))
                .collectAsList().stream().map(Row::toString).toList();
        assertEquals(List.of("[month,2024-02,2024-02-01,2024-02-29,true,true]",
                "[half,2024-H1,2024-01-01,2024-06-30,true,false]", "[year,2024,2024-01-01,2024-12-31,false,false]"),
                withAYearBefore);
        // nothing to compute: no rows, and no error from an untyped empty array
        assertEquals(0, one.select(org.apache.spark.sql.functions.inline(IndicatorTables.periodList(List.of(),
                java.time.YearMonth.of(2024, 1), java.time.YearMonth.of(2024, 6)))).count());
    }

    @Test
    void anIncrementalRunsSumsAddToThePublishedOnesInAHashAggregateAndFlagTheKeysWithANewRecord() {
        StructType schema = Facts.schema().add("_new", DataTypes.BooleanType);
        Object[] published = new Object[schema.size()];
        published[0] = "DOCUMENTS";
        published[1] = "533401";
        published[3] = java.sql.Date.valueOf("2024-01-01");
        published[4] = 3L;
        published[schema.fieldIndex("documents_issued")] = 3L;
        published[schema.size() - 1] = false;
        Object[] fresh = published.clone();
        fresh[4] = 2L;
        fresh[schema.fieldIndex("documents_issued")] = 2L;
        fresh[schema.size() - 1] = true;
        Object[] otherMonth = published.clone();
        otherMonth[3] = java.sql.Date.valueOf("2023-12-01");
        Dataset<Row> summed = Facts.summed(spark.createDataFrame(List.of(RowFactory.create(published),
                RowFactory.create(fresh), RowFactory.create(otherMonth)), schema), "_new");
        List<Row> rows = summed.orderBy("month").collectAsList();
        assertEquals(2, rows.size());
        assertEquals(3L, rows.get(0).<Long>getAs("records"));
        assertEquals(false, rows.get(0).getAs("_new"));
        assertEquals(5L, rows.get(1).<Long>getAs("documents_issued"));
        assertEquals(5L, rows.get(1).<Long>getAs("records"));
        assertEquals(true, rows.get(1).getAs("_new"));
        assertNull(rows.get(1).getAs("meetings_held"), "a sum of nulls stays null");
        String plan = summed.queryExecution().executedPlan().toString();
        assertTrue(!plan.contains("ObjectHashAggregate") && !plan.contains("SortAggregate"), plan);
    }
    @Test
    void theTablesShuffleTheFactsAndGridByDivisionOnceAndNeitherSortNorWindow() {
        StructType schema = Facts.schema();
        Object[] fact = new Object[schema.size()];
        fact[0] = "MEETINGS";
        fact[1] = "533401";
        fact[2] = "533401001";
        fact[3] = java.sql.Date.valueOf("2024-03-01");
        fact[4] = 2L;
        fact[schema.fieldIndex("meetings_held")] = 2L;
        Dataset<Row> facts = spark.createDataFrame(List.of(RowFactory.create(fact)), schema);
        // 300 townships: the township table's grid (300 × 38 periods) is two partitions, the county table's one
        List<org.burdenwatch.validation.DivisionDirectory.Division> list = new java.util.ArrayList<>(List.of(
                new org.burdenwatch.validation.DivisionDirectory.Division("533400", "p", "prefecture", null, null),
                new org.burdenwatch.validation.DivisionDirectory.Division("533401", "c", "county", "533400", 100L)));
        for (int t = 1; t <= 300; t++) {
            list.add(new org.burdenwatch.validation.DivisionDirectory.Division(String.format("533401%03d", t), "t",
                    "township", "533401", 10L));
        }
        org.burdenwatch.validation.DivisionDirectory divisions = new org.burdenwatch.validation.DivisionDirectory(list);
        java.time.YearMonth first = java.time.YearMonth.of(2023, 1);
        java.time.YearMonth last = java.time.YearMonth.of(2024, 12);
        IndicatorTables.Periods periods = new IndicatorTables.Periods(Period.overlapping(first, last), first, last);
        TargetsFile.Parameters parameters = TargetsFile.defaults(Indicators.forTargets()).parameters();
        IndicatorTables.Model model = new IndicatorTables.Model(parameters, null);
        java.util.Set<IndicatorSource> supplied = java.util.EnumSet.of(IndicatorSource.MEETINGS);
        Dataset<Row> county = IndicatorTables.countyTable(spark, facts, supplied, divisions, periods, model);
        Dataset<Row> township = IndicatorTables.townshipTable(spark, facts, supplied, divisions, periods, model);
        for (Dataset<Row> table : List.of(county, township)) {
            String[] plan = new String[1];
            IndicatorTables.partitionedByDivision(spark, () -> plan[0] = table.queryExecution().executedPlan().toString());
            assertTrue(!plan[0].contains("Window") && !plan[0].contains("SortMergeJoin") && !plan[0].contains("Sort "),
                    plan[0]);
            // the monthly sums' own shuffle, then the sums and the grid by division: three. A grid of a
            // few dozen rows is one partition (Spark's SinglePartition), not four a core: each task
            // deserialises the table's whole plan
            boolean small = table == county;
            assertEquals(small ? 1 : 3, plan[0].split("Exchange hashpartitioning", -1).length - 1, plan[0]);
            assertEquals(small ? 2 : 0, plan[0].split("Exchange SinglePartition", -1).length - 1, plan[0]);
            assertEquals(small ? 0 : 2, plan[0].split("Exchange hashpartitioning\\(division_code#\\d+, 2\\)", -1).length - 1,
                    plan[0]);
            Row march = table.filter("period = '2024-03' and division_code = '" + (small ? "533401" : "533401001") + "'")
                    .first();
            assertEquals(2L, march.<Long>getAs("meetings_held"));
            assertEquals(0L, march.<Long>getAs("meetings_held_prev"), "2023-03 is covered and had none");
        }
        assertNull(spark.conf().get("spark.sql.requireAllClusterKeysForCoPartition", null), "the setting is put back");
    }

    @Test
    void theGridIsComputedInAPartitionPerTenThousandRowsAndAtMostFourACore() {
        assertEquals(1, IndicatorTables.gridPartitions(0, 2));
        assertEquals(1, IndicatorTables.gridPartitions(152, 2), "the sample's county table");
        assertEquals(1, IndicatorTables.gridPartitions(10_000, 2));
        assertEquals(2, IndicatorTables.gridPartitions(10_001, 2));
        assertEquals(8, IndicatorTables.gridPartitions(121_600, 2), "a national county table, two cores");
        assertEquals(8, IndicatorTables.gridPartitions(1_520_000, 2), "a national township table, two cores");
        assertEquals(13, IndicatorTables.gridPartitions(121_600, 16), "sixteen cores");
    }

    @Test
    void aMonthsSumsPlacedInAPeriodNoGridRowAsksForAreDroppedBeforeTheyAreSummed() {
        IndicatorTables.Periods periods = new IndicatorTables.Periods(List.of(Period.quarter(2024, 1), Period.year(2024)),
                java.time.YearMonth.of(2023, 1), java.time.YearMonth.of(2024, 12));
        StructType placed = new StructType().add("period_type", DataTypes.StringType).add("period_start", DataTypes.DateType);
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create("quarter", java.sql.Date.valueOf("2024-01-01")),
                RowFactory.create("year", java.sql.Date.valueOf("2024-01-01")),
                RowFactory.create("month", java.sql.Date.valueOf("2024-01-01")), // a period not computed
                RowFactory.create("quarter", java.sql.Date.valueOf("2025-01-01")), // a year after the last
                RowFactory.create("year", java.sql.Date.valueOf("2023-01-01"))), placed);
        List<String> kept = rows.filter(periods.contain(rows.col("period_type"), rows.col("period_start")))
                .collectAsList().stream().map(r -> r.getString(0) + " " + r.getDate(1)).sorted().toList();
        assertEquals(List.of("quarter 2024-01-01", "year 2024-01-01"), kept);
    }
}
