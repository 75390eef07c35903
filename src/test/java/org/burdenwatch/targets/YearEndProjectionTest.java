package org.burdenwatch.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.records.TargetsFile;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** Records that stop in August 2024: each yearly target projected to the year, by hand. */
class YearEndProjectionTest extends SparkTestBase {
    static final StructType MONTHS = new StructType().add("division_code", "string").add("period_type", "string")
            .add("period", "string").add("documents_issued", "long").add("inspections_total", "long");
    static final StructType TARGETS = new StructType().add("division_code", "string").add("period_type", "string")
            .add("period", "string").add("indicator", "string").add("direction", "string").add("value", "double")
            .add("threshold", "double");
    static final TargetsFile FILE = TargetsFile.parse("t.json", "{\"version\": 1, \"parameters\": {"
            + "\"hours_per_report\": 2, \"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10}, "
            + "\"targets\": [{\"name\": \"docs\", \"indicator\": \"documents_issued\", \"direction\": \"at_most\", "
            + "\"yoy_reduction_pct\": 0, \"period_types\": [\"year\"]}, {\"name\": \"cap\", \"indicator\": "
            + "\"inspection_plan_cap_use\", \"direction\": \"at_most\", \"threshold\": 1.0, \"period_types\": [\"year\"]},"
            + " {\"name\": \"share\", \"indicator\": \"visits_solving_problems_share\", \"direction\": \"at_least\", "
            + "\"threshold\": 1.0, \"period_types\": [\"year\"]}]}", Indicators.forTargets());

    /**
     * A: 2023 documents 10 a month Jan–Aug and 5 a month Sep–Dec (100; 80 by August: share 0.8),
     * inspections 2 a month Jan–Jun then 8 a month (60; 28 by August). B: no document in 2023.
     */
    private static Dataset<Row> months() {
        List<Row> rows = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            rows.add(RowFactory.create("A", "month", String.format("2023-%02d", m), m <= 8 ? 10L : 5L, m <= 6 ? 2L : 8L));
            rows.add(RowFactory.create("B", "month", String.format("2023-%02d", m), 0L, 0L));
        }
        for (int m = 1; m <= 8; m++) {
            rows.add(RowFactory.create("A", "month", String.format("2024-%02d", m), 9L, 3L));
            rows.add(RowFactory.create("B", "month", String.format("2024-%02d", m), 10L, 0L));
        }
        return spark.createDataFrame(rows, MONTHS);
    }

    private static Map<String, Row> project(List<Row> targets, YearMonth first, YearMonth last) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (Row r : YearEndProjection.withProjections(spark.createDataFrame(targets, TARGETS), months(), FILE,
                first, last).collectAsList()) {
            out.put(r.getString(0) + "|" + r.getString(2) + "|" + r.getString(3), r);
        }
        return out;
    }

    private static List<Row> targets() {
        return List.of(
                // A's 72 documents by August against last year's 100
                RowFactory.create("A", "year", "2024", "documents_issued", "at_most", 72.0, 100.0),
                // B's 80 documents by August, last year none: uniform 8/12; held to a cap of 100
                RowFactory.create("B", "year", "2024", "documents_issued", "at_most", 80.0, 100.0),
                // A's 24 inspections by August against a plan of 40: use 0.6
                RowFactory.create("A", "year", "2024", "inspection_plan_cap_use", "at_most", 0.6, 1.0),
                RowFactory.create("A", "year", "2024", "visits_solving_problems_share", "at_least", 1.0, 1.0),
                RowFactory.create("A", "year", "2023", "documents_issued", "at_most", 100.0, 120.0),
                RowFactory.create("A", "half", "2024-H1", "documents_issued", "at_most", 54.0, 60.0));
    }

    @Test
    void theYearToDateIsProjectedWithLastYearsSeasonality() {
        Map<String, Row> p = project(targets(), YearMonth.of(2023, 1), YearMonth.of(2024, 8));
        Row docs = p.get("A|2024|documents_issued");
        assertEquals(72 / 0.8, docs.<Double>getAs("projected_value"), 1e-9, "80 of 2023's 100 fell in Jan–Aug");
        assertEquals("on_track", docs.getAs("projected_status"), "90 ≤ 100");
        Row b = p.get("B|2024|documents_issued");
        assertEquals(80 / (8 / 12.0), b.<Double>getAs("projected_value"), 1e-9, "no 2023 documents: uniform");
        assertEquals("at_risk", b.getAs("projected_status"), "120 > 100");
        Row cap = p.get("A|2024|inspection_plan_cap_use");
        assertEquals(0.6 / (28 / 60.0), cap.<Double>getAs("projected_value"), 1e-9, "the cap use grows with inspections");
        assertEquals("at_risk", cap.getAs("projected_status"), "1.29 > 1");
        assertNull(p.get("A|2024|visits_solving_problems_share").getAs("projected_value"), "a share is not projected");
        assertNull(p.get("A|2023|documents_issued").getAs("projected_value"), "a complete year is not projected");
        assertNull(p.get("A|2024-H1|documents_issued").getAs("projected_status"), "only years are");
    }

    @Test
    void withoutAWholeLastYearTheProjectionIsUniform() {
        Map<String, Row> p = project(targets(), YearMonth.of(2023, 3), YearMonth.of(2024, 8));
        assertEquals(72 / (8 / 12.0), p.get("A|2024|documents_issued").<Double>getAs("projected_value"), 1e-9);
        assertEquals("at_risk", p.get("A|2024|documents_issued").getAs("projected_status"), "108 > 100");
    }

    @Test
    void aCompleteOrAHeadlessYearIsNotProjected() {
        Map<String, Row> december = project(targets(), YearMonth.of(2023, 1), YearMonth.of(2024, 12));
        assertNull(december.get("A|2024|documents_issued").getAs("projected_value"));
        Map<String, Row> fromMarch = project(targets(), YearMonth.of(2024, 3), YearMonth.of(2024, 8));
        assertNull(fromMarch.get("A|2024|documents_issued").getAs("projected_value"),
                "records from March: no year-to-date to project");
    }
}
