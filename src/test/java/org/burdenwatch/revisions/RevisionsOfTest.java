package org.burdenwatch.revisions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The comparison itself, on rows written by hand: what is a revision, and what is not. */
class RevisionsOfTest extends SparkTestBase {
    private static final StructType TABLE = new StructType().add("division_code", DataTypes.StringType)
            .add("level", DataTypes.StringType).add("period_type", DataTypes.StringType)
            .add("period", DataTypes.StringType).add("period_start", DataTypes.DateType)
            .add("period_end", DataTypes.DateType).add("documents_issued", DataTypes.LongType);

    private static Row row(String division, String type, String period, String start, String end, Long docs) {
        return RowFactory.create(division, "county", type, period, Date.valueOf(start), Date.valueOf(end), docs);
    }

    private static Dataset<Row> table(Row... rows) {
        return spark.createDataFrame(List.of(rows), TABLE);
    }

    @Test
    void onlyFiguresOfPeriodsBothRunsComputeAreRevisionsAndAGoneDivisionIsRevisedToNull() {
        Dataset<Row> published = table(row("D1", "month", "2023-01", "2023-01-01", "2023-01-31", 5L),
                row("D2", "month", "2023-01", "2023-01-01", "2023-01-31", 3L),
                row("D1", "month", "2023-02", "2023-02-01", "2023-02-28", 4L),
                row("D1", "quarter", "2023-Q1", "2023-01-01", "2023-03-31", 10L));
        // this run computes 2023-01 and 2023-Q1 only (2023-02 is kept as published); D2 left divisions/, D3 is new
        Dataset<Row> revised = table(row("D1", "month", "2023-01", "2023-01-01", "2023-01-31", 7L),
                row("D3", "month", "2023-01", "2023-01-01", "2023-01-31", 1L),
                row("D1", "quarter", "2023-Q1", "2023-01-01", "2023-03-31", 12L));
        Dataset<Row> late = spark.createDataFrame(List.of(RowFactory.create("D1", "month", Date.valueOf("2023-01-01"), 2L)),
                new StructType().add("division_code", DataTypes.StringType).add("period_type", DataTypes.StringType)
                        .add("period_start", DataTypes.DateType).add("late_records", DataTypes.LongType));
        Revisions.Against against = new Revisions.Against("r2", "r1", LocalDate.of(2023, 2, 10),
                Map.of("documents_issued", List.of()));
        Map<String, String> got = new TreeMap<>();
        for (Row r : Revisions.of(published, revised,
                functions.expr("period IN ('2023-01', '2023-Q1')"), List.of("documents_issued"), late, against).collectAsList()) {
            got.put(r.getAs("division_code") + " " + r.getAs("period"), r.getAs("published_value") + "→"
                    + r.getAs("revised_value") + " change " + r.getAs("change") + " closed " + r.getAs("period_closed")
                    + " late " + r.getAs("late_records") + " " + r.getAs("reason") + " " + r.getAs("previous_run_id"));
        }
        assertEquals(Map.of(
                "D1 2023-01", "5.0→7.0 change 2.0 closed true late 2 late_records r1",
                "D1 2023-Q1", "10.0→12.0 change 2.0 closed false late 0 unexplained r1",
                "D2 2023-01", "3.0→null change null closed true late 0 unexplained r1"), got);
    }

    @Test
    void aBaseIsRevisedUpWhenItsLatestValueExceedsItsFirstPublishedOne() {
        StructType schema = Revisions.schema();
        Dataset<Row> all = spark.createDataFrame(List.of(
                revision("r1", "D1", "2023-01", "2023-01-01", 5.0, 7.0),
                revision("r2", "D1", "2023-01", "2023-01-01", 7.0, 6.0),
                revision("r1", "D2", "2023-01", "2023-01-01", 5.0, 7.0),
                revision("r2", "D2", "2023-01", "2023-01-01", 7.0, 5.0)), schema);
        List<Row> up = Revisions.basesRevisedUp(all).collectAsList();
        assertEquals(1, up.size(), "D2 came back to its first published value");
        assertEquals(List.of("D1", "month", Date.valueOf("2024-01-01"), true),
                List.of(up.get(0).get(0), up.get(0).get(1), up.get(0).get(2), up.get(0).get(3)));
        List<Row> first = Revisions.firstPublishedBases(all, "first").orderBy("division_code").collectAsList();
        assertEquals(List.of("D1", "2024-01", "documents_issued", 5.0),
                List.of(first.get(0).get(0), first.get(0).get(1), first.get(0).get(2), first.get(0).get(3)));
    }

    private static Row revision(String run, String division, String period, String start, double was, double now) {
        return RowFactory.create(run, "r0", division, "county", "month", period, Date.valueOf(start), "documents_issued",
                was, now, now - was, true, 0L, "late_records");
    }
}
