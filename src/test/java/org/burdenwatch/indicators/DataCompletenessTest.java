package org.burdenwatch.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.Period;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.records.TargetsFile.CompletenessRules;
import org.burdenwatch.targets.TargetEvaluation;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.validation.DivisionDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * quality/completeness: each status at its threshold and one step past it, the prefecture's
 * roll-up, the period columns, and targets met on incomplete records reported as unverified.
 */
class DataCompletenessTest extends SparkTestBase {
    static final YearMonth FIRST = YearMonth.of(2023, 1);
    static final YearMonth LAST = YearMonth.of(2024, 3);
    static final List<String> ALL_SOURCES = DataCompleteness.sourceNames();
    static final StructType COUNTS = new StructType().add("source", "string").add("county_code", "string")
            .add("month", "date").add("accepted", "long").add("quarantined", "long").add("duplicates", "long");

    static final DivisionDirectory DIVISIONS = new DivisionDirectory(List.of(
            new DivisionDirectory.Division("533400", "迪庆州", "prefecture", null, null),
            new DivisionDirectory.Division("533401", "香格里拉市", "county", "533400", 100L),
            new DivisionDirectory.Division("533422", "德钦县", "county", "533400", 80L)));

    static Map<String, Row> table;

    /** 2023-01 … 2024-03: 20 records a month of every source in both counties, but for the cases below. */
    @BeforeAll
    static void completeness() {
        List<Row> rows = new ArrayList<>();
        for (String county : List.of("533401", "533422")) {
            for (String source : ALL_SOURCES) {
                for (YearMonth m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
                    long accepted = 20;
                    long quarantined = 0;
                    long duplicates = 0;
                    if (county.equals("533401") && source.equals("documents") && m.equals(YearMonth.of(2024, 2))) {
                        accepted = 0; // stops registering documents: missing
                    }
                    if (county.equals("533401") && source.equals("meetings") && m.equals(YearMonth.of(2024, 2))) {
                        accepted = 9; // below half the median of 20: sparse
                    }
                    if (county.equals("533401") && source.equals("meetings") && m.equals(YearMonth.of(2024, 3))) {
                        accepted = 10; // exactly half: not sparse
                    }
                    if (county.equals("533422") && source.equals("inspections") && m.equals(YearMonth.of(2024, 2))) {
                        accepted = 14;
                        quarantined = 6; // 30% garbage: quarantine_heavy
                    }
                    if (county.equals("533422") && source.equals("inspections") && m.equals(YearMonth.of(2024, 3))) {
                        accepted = 15;
                        quarantined = 4;
                        duplicates = 1; // exactly 20%: not heavy
                    }
                    rows.add(RowFactory.create(source, county, m.atDay(1), accepted, quarantined, duplicates));
                }
            }
        }
        Dataset<Row> counts = spark.createDataFrame(rows, COUNTS);
        table = new LinkedHashMap<>();
        for (Row r : DataCompleteness.monthly(spark, counts, DIVISIONS, ALL_SOURCES, FIRST, LAST,
                CompletenessRules.DEFAULTS).collectAsList()) {
            table.put(r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2), r);
        }
    }

    private static String status(String division, String source, String month) {
        return table.get(division + "|" + source + "|" + month).getAs("status");
    }

    @Test
    void everyDivisionSourceAndMonthHasARow() {
        assertEquals(3 * ALL_SOURCES.size() * 15, table.size());
        assertEquals(List.of("division_code", "source", "month", "accepted", "quarantined", "duplicates",
                "quarantined_share", "status"), List.of(table.values().iterator().next().schema().fieldNames()));
    }

    @Test
    void fewerThanSixPrecedingMonthsIsNoHistory() {
        assertEquals("no_history", status("533401", "documents", "2023-01"));
        assertEquals("no_history", status("533401", "documents", "2023-06"), "5 preceding months");
        assertEquals("ok", status("533401", "documents", "2023-07"), "6 preceding months");
    }

    @Test
    void noAcceptedRecordAfterAYearOfThemIsMissing() {
        Row r = table.get("533401|documents|2024-02");
        assertEquals(0L, r.<Long>getAs("accepted"));
        assertEquals("missing", r.getAs("status"));
        assertNull(r.getAs("quarantined_share"), "a month without any record has no share");
    }

    @Test
    void belowHalfTheMedianIsSparseAndExactlyHalfIsNot() {
        assertEquals("sparse", status("533401", "meetings", "2024-02"));
        assertEquals("ok", status("533401", "meetings", "2024-03"), "10 is not below 50% of 20");
    }

    @Test
    void moreThanAFifthQuarantinedIsQuarantineHeavy() {
        Row heavy = table.get("533422|inspections|2024-02");
        assertEquals(0.3, heavy.<Double>getAs("quarantined_share"), 1e-12);
        assertEquals("quarantine_heavy", heavy.getAs("status"));
        Row edge = table.get("533422|inspections|2024-03");
        assertEquals(0.2, edge.<Double>getAs("quarantined_share"), 1e-12, "4 of 20 records, the duplicate counted");
        assertEquals("ok", edge.getAs("status"));
    }

    @Test
    void thePrefectureSumsItsCounties() {
        Row prefecture = table.get("533400|documents|2024-02");
        assertEquals(20L, prefecture.<Long>getAs("accepted"), "533401's 0 and 533422's 20");
        assertEquals("ok", prefecture.getAs("status"), "40 a month before, 20 now: not below half");
        assertEquals(6L, table.get("533400|inspections|2024-02").<Long>getAs("quarantined"));
    }

    @Test
    void missingNeedsNineOfTheTwelvePrecedingMonths() {
        List<Row> rows = new ArrayList<>();
        for (YearMonth m = FIRST; !m.isAfter(LAST); m = m.plusMonths(1)) {
            // records in 8 of the 12 months before 2024-02 (none in 2023-03, -05, -07, -09), then none
            int mm = m.getMonthValue();
            boolean none = m.getYear() == 2023 && (mm == 3 || mm == 5 || mm == 7 || mm == 9)
                    || m.equals(YearMonth.of(2024, 2));
            rows.add(RowFactory.create("documents", "533401", m.atDay(1), none ? 0L : 3L, 0L, 0L));
        }
        Map<String, String> statuses = new LinkedHashMap<>();
        for (Row r : DataCompleteness.monthly(spark, spark.createDataFrame(rows, COUNTS), DIVISIONS,
                List.of("documents"), FIRST, LAST, CompletenessRules.DEFAULTS).collectAsList()) {
            statuses.put(r.getString(0) + "|" + r.getString(2), r.getString(7));
        }
        assertEquals("ok", statuses.get("533401|2024-02"), "8 of 12 months with records: not missing");
        assertEquals("missing", DataCompleteness.monthly(spark, spark.createDataFrame(rows, COUNTS), DIVISIONS,
                        List.of("documents"), FIRST, LAST, new CompletenessRules(8, 0.5, 10, 0.2, 6))
                .filter("division_code = '533401' and month = '2024-02'").first().getAs("status"),
                "the threshold is a parameter");
    }

    private static Column periods() {
        return IndicatorTables.periodList(List.of(Period.quarter(2024, 1), Period.quarter(2023, 4), Period.year(2024)),
                YearMonth.of(2023, 10), YearMonth.of(2024, 12));
    }

    private static Map<String, Row> perPeriod(Set<String> supplied) {
        Dataset<Row> written = spark.createDataFrame(List.copyOf(table.values()), table.values().iterator().next().schema());
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row r : DataCompleteness.perPeriod(written, periods(), supplied).collectAsList()) {
            out.put(r.getString(0) + "|" + r.getString(2), r);
        }
        return out;
    }

    @Test
    void aPeriodIsCompleteWhenEveryMonthOfEverySourceIs() {
        Map<String, Row> p = perPeriod(Set.copyOf(ALL_SOURCES));
        Row q4 = p.get("533401|2023-Q4");
        assertTrue(q4.<Boolean>getAs("data_complete"));
        assertNull(q4.getAs("data_gaps"));
        assertEquals(3L, q4.<Long>getAs("documents_months_complete"));
        assertEquals(3L, q4.<Long>getAs("documents_months_in_period"));

        Row q1 = p.get("533401|2024-Q1");
        assertFalse(q1.<Boolean>getAs("data_complete"));
        assertEquals(2L, q1.<Long>getAs("documents_months_complete"));
        assertEquals(2L, q1.<Long>getAs("meetings_months_complete"));
        assertEquals("documents 2024-02 missing; meetings 2024-02 sparse", q1.getAs("data_gaps"));
        assertEquals("inspections 2024-02 quarantine_heavy", p.get("533422|2024-Q1").getAs("data_gaps"));

        Row year = p.get("533422|2024");
        assertFalse(year.<Boolean>getAs("data_complete"), "9 of the year's 12 months are beyond the records");
        assertEquals(12L, year.<Long>getAs("documents_months_in_period"));
        assertTrue(year.<String>getAs("data_gaps").contains("documents 3 of 12 months recorded"), year.toString());
    }

    @Test
    void aPeriodsGapsAreListedBySourceThenMonthWhateverTheirOrderInTheTable() {
        StructType statuses = new StructType().add("division_code", "string").add("source", "string")
                .add("month", "string").add("status", "string");
        List<Row> rows = new ArrayList<>();
        for (String source : ALL_SOURCES) {
            for (int m = 1; m <= 12; m++) {
                rows.add(RowFactory.create("533401", source, String.format("2024-%02d", m), "ok"));
            }
        }
        // the gaps, out of order: later months and sources first, one of each gap status
        rows.set(rows.size() - 1, RowFactory.create("533401", ALL_SOURCES.get(ALL_SOURCES.size() - 1), "2024-12",
                "sparse"));
        rows.set(10, RowFactory.create("533401", ALL_SOURCES.get(0), "2024-11", "sparse"));
        rows.set(1, RowFactory.create("533401", ALL_SOURCES.get(0), "2024-02", "missing"));
        rows.set(12 + 4, RowFactory.create("533401", ALL_SOURCES.get(1), "2024-05", "quarantine_heavy"));
        rows.set(12, RowFactory.create("533401", ALL_SOURCES.get(1), "2024-01", "no_history"));
        Row year = DataCompleteness.perPeriod(spark.createDataFrame(rows, statuses),
                        IndicatorTables.periodList(List.of(Period.year(2024), Period.quarter(2024, 2)),
                                YearMonth.of(2024, 1), YearMonth.of(2024, 12)), Set.copyOf(ALL_SOURCES))
                .filter("period = '2024'").first();
        List<String> expected = new ArrayList<>(List.of(ALL_SOURCES.get(0) + " 2024-11 sparse",
                ALL_SOURCES.get(0) + " 2024-02 missing", ALL_SOURCES.get(1) + " 2024-05 quarantine_heavy",
                ALL_SOURCES.get(ALL_SOURCES.size() - 1) + " 2024-12 sparse"));
        expected.sort(null); // the texts in their own order, as a reader scans them
        assertEquals(String.join("; ", expected), year.getAs("data_gaps"));
        assertEquals(10L, year.<Long>getAs(ALL_SOURCES.get(0) + "_months_complete"));
        assertEquals(11L, year.<Long>getAs(ALL_SOURCES.get(1) + "_months_complete"), "no_history is not a gap");
    }

    @Test
    void aSourceNotSuppliedLeavesNoPeriodComplete() {
        Set<String> withoutVisits = new java.util.TreeSet<>(ALL_SOURCES);
        withoutVisits.remove("research_visits");
        Row q4 = perPeriod(withoutVisits).get("533401|2023-Q4");
        assertFalse(q4.<Boolean>getAs("data_complete"));
        assertNull(q4.getAs("research_visits_months_complete"));
        assertEquals("research_visits not supplied", q4.getAs("data_gaps"));
    }

    @Test
    void aTargetMetOnIncompleteRecordsIsUnverifiedAndAMissStaysAMiss() {
        StructType schema = new StructType().add("division_code", "string").add("division_name", "string")
                .add("period_type", "string").add("period", "string").add("documents_issued", "long")
                .add("data_complete", "boolean").add("data_gaps", "string").add("period_complete", "boolean");
        Dataset<Row> county = spark.createDataFrame(List.of(
                RowFactory.create("A", "a", "year", "2024", 40L, true, null, true),
                RowFactory.create("B", "b", "year", "2024", 40L, false, "documents 2024-03 missing", true),
                RowFactory.create("C", "c", "year", "2024", 60L, false, "documents 2024-03 missing", true),
                RowFactory.create("D", "d", "year", "2024", 40L, null, null, true)), schema);
        TargetsFile file = TargetsFile.parse("t.json", "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, "
                + "\"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10}, \"targets\": [{\"name\": "
                + "\"cap\", \"indicator\": \"documents_issued\", \"direction\": \"at_most\", \"threshold\": 50}]}",
                Indicators.forTargets());
        List<Row> rows = TargetEvaluation.evaluate(county, file).orderBy("division_code")
                .select("status", "unverified_reason").collectAsList();
        assertEquals(List.of("met", "unverified", "missed", "unverified"), rows.stream().map(r -> r.getString(0)).toList());
        assertEquals("documents 2024-03 missing", rows.get(1).getString(1));
        assertNull(rows.get(0).get(1));
        assertNull(rows.get(2).get(1), "a miss needs no completeness to be a miss");
        assertEquals(List.of(0L, 0L, 1L, 0L), TargetEvaluation.withTargetsMissed(county, file).orderBy("division_code")
                .select("targets_missed").collectAsList().stream().map(r -> r.getLong(0)).toList());
    }

    @Test
    void theCountsComeFromTheFactsTheQuarantineAndTheKeptCopiesOfRepeatsWithoutAnyFolder() {
        // Datasets in, Dataset out: the facts' accepted records, the quarantined ones that name a county
        // and month, and each repeat in the month of the copy kept (not its own)
        Dataset<Row> facts = spark.sql("select * from values ('DOCUMENTS', '533401', date'2024-03-01', 5L),"
                + " ('MEETINGS', '533401', date'2024-03-01', 2L), ('PLATFORMS', '533401', date'2024-03-01', null)"
                + " as t(source, county_code, month, records)");
        Dataset<Row> quarantine = spark.sql("select * from values ('533401', date'2024-03-01'),"
                + " ('533401', date'2024-03-01'), (null, date'2024-03-01'), ('533422', null)"
                + " as t(division_code, month)");
        Dataset<Row> clean = spark.sql("select * from values ('a.csv', 2L, '533422', date'2024-04-09'),"
                + " ('a.csv', 3L, '533401', date'2024-03-02') as t(source_file, source_line, county_code, issued_on)");
        Dataset<Row> duplicates = spark.sql("select * from values ('a.csv', 2L), ('a.csv', 2L)"
                + " as t(kept_source_file, kept_source_line)");
        Map<IndicatorSource, DataCompleteness.SourceRecords> records = new LinkedHashMap<>();
        records.put(IndicatorSource.DOCUMENTS, new DataCompleteness.SourceRecords(clean, quarantine, duplicates));
        List<String> got = new ArrayList<>();
        for (Row r : DataCompleteness.counts(spark, facts, records).groupBy("source", "county_code", "month")
                .sum("accepted", "quarantined", "duplicates").orderBy("source", "county_code", "month").collectAsList()) {
            got.add(r.mkString("|"));
        }
        // meetings were not supplied: their facts count for no source
        assertEquals(List.of("null|533401|2024-03-01|2|0|0", "documents|533401|2024-03-01|5|2|0",
                "documents|533422|2024-04-01|0|0|2"), got);
    }

    @Test
    void aMonthChangedWhenItsStatusDiffersOrItsRowIsNewOrGone() {
        Dataset<Row> before = spark.sql("select * from values ('533401', 'documents', '2024-01', 'ok'),"
                + " ('533401', 'documents', '2024-02', 'ok'), ('533422', 'meetings', '2024-03', 'ok')"
                + " as t(division_code, source, month, status)");
        Dataset<Row> now = spark.sql("select * from values ('533401', 'documents', '2024-01', 'ok'),"
                + " ('533401', 'documents', '2024-02', 'missing'), ('533422', 'meetings', '2024-04', 'ok')"
                + " as t(division_code, source, month, status)");
        assertEquals(Set.of(YearMonth.of(2024, 2), YearMonth.of(2024, 3), YearMonth.of(2024, 4)),
                DataCompleteness.changedMonths(now, before));
        assertEquals(Set.of(), DataCompleteness.changedMonths(before, before));
    }

    @Test
    void aRunsTableIsComparedWithThePublishedOneByStatusThenByRow() {
        StructType schema = new StructType().add("division_code", "string").add("source", "string")
                .add("month", "string").add("accepted", "long").add("status", "string");
        Dataset<Row> published = spark.createDataFrame(List.of(RowFactory.create("533401", "documents", "2024-01", 5L, "ok"),
                RowFactory.create("533401", "documents", "2024-02", 0L, "missing")), schema);
        YearMonth first = YearMonth.of(2024, 1);
        YearMonth last = YearMonth.of(2024, 2);
        DataCompleteness.Comparison same = DataCompleteness.compare(published, published, first, last);
        assertEquals(Set.of(), same.changedMonths());
        assertTrue(same.sameRows());

        Dataset<Row> moreRecords = spark.createDataFrame(List.of(RowFactory.create("533401", "documents", "2024-01", 6L, "ok"),
                RowFactory.create("533401", "documents", "2024-02", 0L, "missing")), schema);
        DataCompleteness.Comparison counted = DataCompleteness.compare(moreRecords, published, first, last);
        assertEquals(Set.of(), counted.changedMonths(), "the same statuses: no period changes");
        assertFalse(counted.sameRows(), "but the table is written again");

        Dataset<Row> filled = spark.createDataFrame(List.of(RowFactory.create("533401", "documents", "2024-01", 5L, "ok"),
                RowFactory.create("533401", "documents", "2024-02", 4L, "ok")), schema);
        assertEquals(Set.of(YearMonth.of(2024, 2)), DataCompleteness.compare(filled, published, first, last).changedMonths());

        DataCompleteness.Comparison none = DataCompleteness.compare(filled, null, first, last);
        assertEquals(Set.of(first, last), none.changedMonths(), "nothing published: every month");
        assertFalse(none.sameRows());
    }
}
