package org.burdenwatch.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.input.FileFormat;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.ValidatedTables;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** When each record arrived: kept by file, by natural key in a changed file, and late by Shanghai's calendar. */
class FirstIngestTest extends SparkTestBase {
    private static final ValidatedTables DOCUMENTS = new ValidatedTables(RecordType.DOCUMENTS, "issued_on", true);
    private static final StructType VALIDATED = new StructType().add("source_file", DataTypes.StringType)
            .add("natural_key", DataTypes.StringType).add("doc_id", DataTypes.StringType)
            .add("issued_on", DataTypes.DateType);

    private static SourceFile file(String name, long size) {
        return new SourceFile("file:/in/documents/" + name, RecordType.DOCUMENTS, FileFormat.JSON_LINES,
                org.burdenwatch.input.TextEncoding.Encoding.UTF_8, 0, size, 1_000L, List.of(), new int[0], List.of(), null);
    }

    private static IngestLedger.Entry ingested(SourceFile f, String run) {
        return IngestLedger.Entry.of(f, List.of(), run, "settings");
    }

    private static Row doc(String file, String id, String date) {
        return RowFactory.create("file:/in/documents/" + file, id, id, java.sql.Date.valueOf(date));
    }

    /** doc id → [first_ingested_run, late]. */
    private static Map<String, List<Object>> stamped(FirstIngest first, List<Row> rows, List<SourceFile> files,
                                                     Dataset<Row> published) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Row r : first.stamp(spark.createDataFrame(rows, VALIDATED), DOCUMENTS, files, published)
                .select("doc_id", ValidatedTables.FIRST_INGESTED_RUN, ValidatedTables.LATE).collectAsList()) {
            List<Object> v = new ArrayList<>();
            v.add(r.get(1));
            v.add(r.get(2));
            out.put(r.getString(0), v);
        }
        return out;
    }

    @Test
    void aFileKeepsItsFirstRunAndAChangedFileItsKnownRecords() {
        String founding = "20240101T000000Z-aaaa";
        String earlier = "20240301T000000Z-bbbb";
        String now = "20240620T000000Z-cccc";
        SourceFile kept = file("a.jsonl", 100);
        SourceFile grownBefore = file("b.jsonl", 100);
        SourceFile grown = file("b.jsonl", 150);
        SourceFile fresh = file("c.jsonl", 80);
        FirstIngest first = new FirstIngest(List.of(ingested(kept, founding), ingested(grownBefore, earlier)), now,
                founding, 15);
        // b.jsonl as published: B1 arrived with the earlier run
        Dataset<Row> published = spark.createDataFrame(List.of(RowFactory.create("file:/in/documents/b.jsonl", "B1",
                earlier, false)), new StructType().add("source_file", DataTypes.StringType)
                .add("doc_id", DataTypes.StringType).add(ValidatedTables.FIRST_INGESTED_RUN, DataTypes.StringType)
                .add(ValidatedTables.LATE, DataTypes.BooleanType));
        Map<String, List<Object>> got = stamped(first, List.of(doc("a.jsonl", "A1", "2023-05-01"),
                doc("b.jsonl", "B1", "2023-05-01"), doc("b.jsonl", "B2", "2023-05-01"),
                doc("c.jsonl", "C1", "2024-06-01")), List.of(kept, grown, fresh), published);
        assertEquals(List.of(founding, false), got.get("A1"), "the output's first run holds its history, never late");
        assertEquals(List.of(earlier, true), got.get("B1"), "known in the changed file: its run, late then");
        assertEquals(List.of(now, true), got.get("B2"), "new in the changed file: arrived now");
        assertEquals(List.of(now, false), got.get("C1"), "its month has not ended");
        assertEquals(earlier, first.entry(grown, List.of(), "settings").firstIngestedRun(), "the path's first run stays");
        assertEquals(now, first.entry(fresh, List.of(), "settings").firstIngestedRun());
    }

    @Test
    void lateCountsTheGraceDaysFromTheMonthsEndOnShanghaisCalendar() {
        // 2024-02-15 16:30 UTC is 2024-02-16 00:30 in Shanghai: 16 days after 31 January
        String run = "20240215T163000Z-dddd";
        assertEquals(Instant.parse("2024-02-15T16:30:00Z").toEpochMilli(), IngestLedger.startOf(run));
        FirstIngest first = new FirstIngest(null, run, "20230101T000000Z-0000", 15);
        SourceFile f = file("d.jsonl", 10);
        Map<String, List<Object>> got = stamped(first, List.of(doc("d.jsonl", "JAN", "2024-01-31"),
                doc("d.jsonl", "FEB", "2024-02-01"), doc("d.jsonl", "NONE", "2024-01-01")), List.of(f), null);
        assertEquals(true, got.get("JAN").get(1), "16 days after January ended, in Shanghai");
        assertEquals(false, got.get("FEB").get(1));
        FirstIngest utcDayEarlier = new FirstIngest(null, "20240215T155959Z-eeee", "20230101T000000Z-0000", 15);
        assertEquals(false, stamped(utcDayEarlier, List.of(doc("d.jsonl", "JAN", "2024-01-31")), List.of(f), null)
                .get("JAN").get(1), "23:59:59 in Shanghai on the 15th day: on time");
    }
}
