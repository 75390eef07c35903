package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.explode;
import static org.burdenwatch.testing.Fixtures.jsonl;
import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validated rows in, the three tables and the tallies out, with no staging folder: the declarations
 * the validate stage routes its one write by, checked on records built by hand.
 */
class ValidatedTablesTest extends SparkTestBase {
    private static final ValidatedTables DOCUMENTS = new ValidatedTables(RecordType.DOCUMENTS, "issued_on", true);

    @TempDir
    Path root;

    private Dataset<Row> validated(RecordType type) {
        Fixtures.inputWithDivisions(root);
        InputInventory inventory = InputInventory.inspect(new Configuration(), root.toString());
        return Validation.validate(spark, type, inventory.of(type).files(), ValidationTest.CONTEXT);
    }

    private static String doc(String id, String county, String date, String issuer) {
        return "{\"doc_id\":\"" + id + "\",\"issuer\":\"" + issuer + "\",\"issuer_level\":\"county\",\"county_code\":\""
                + county + "\",\"issued_on\":\"" + date + "\"}";
    }

    @Test
    void everyValidatedRowEndsInExactlyOneTableAndARepeatKeepsItsFirstCopy() {
        write(root, "documents/b.jsonl", jsonl(doc("D1", "533401", "2024-03-05", "b copy"),
                doc("D3", "533422", "2024-07-09", "ok")));
        write(root, "documents/a.jsonl", jsonl(doc("D1", "533401", "2024-03-05", "a copy"),
                doc("D2", "533401", "2024-13-01", "bad date"), doc("D4", "香格里拉市", "2024-02-01", "a name, not a code"),
                doc("D1", "533401", "2024-03-05", "a second copy")));
        Dataset<Row> validated = validated(RecordType.DOCUMENTS);
        ValidatedTables.Split split = DOCUMENTS.split(spark, validated);
        try {
            List<Row> clean = split.clean().orderBy("doc_id").collectAsList();
            assertEquals(List.of("D1", "D3"), clean.stream().map(r -> r.<String>getAs("doc_id")).toList());
            assertEquals("a copy", clean.get(0).getAs("issuer"), "the first copy by file path, then line");
            assertEquals(DOCUMENTS.cleanColumnNames(), List.of(split.clean().columns()));

            Map<String, Row> quarantined = new TreeMap<>();
            split.quarantine().collectAsList().forEach(r -> quarantined.put(r.getAs("raw").toString().substring(11, 13), r));
            assertEquals(Set.of("D2", "D4"), quarantined.keySet());
            Row badDate = quarantined.get("D2");
            assertEquals("documents", badDate.getAs("record_type"));
            assertEquals("533401", badDate.getAs(ValidatedSchema.QUARANTINE_DIVISION), "a readable county is kept");
            assertNull(badDate.getAs(ValidatedSchema.QUARANTINE_MONTH), "no month from an unreadable date");
            Row name = quarantined.get("D4");
            assertNull(name.getAs(ValidatedSchema.QUARANTINE_DIVISION), "a name typed as the county is not kept");
            assertEquals(java.sql.Date.valueOf("2024-02-01"), name.getAs(ValidatedSchema.QUARANTINE_MONTH));

            List<Row> duplicates = split.duplicates().orderBy("source_file", "source_line").collectAsList();
            assertEquals(2, duplicates.size());
            assertTrue(duplicates.get(0).<String>getAs("raw").contains("a second copy"));
            assertTrue(duplicates.get(1).<String>getAs("raw").contains("b copy"));
            for (Row d : duplicates) {
                assertTrue(d.<String>getAs("kept_source_file").endsWith("a.jsonl"));
                assertEquals(1L, (long) d.getAs("kept_source_line"));
            }
            assertEquals(ValidatedTables.duplicatesSchema().simpleString(), split.duplicates().schema().simpleString());
            assertEquals(validated.count(), split.clean().count() + split.quarantine().count() + duplicates.size(),
                    "no row lost, none counted twice");
        } finally {
            split.release();
        }
    }

    @Test
    void theTalliesCountReasonsUnknownColumnsAndTheMonthsOfAcceptedRecords() {
        write(root, "documents/a.jsonl", jsonl(doc("D1", "533401", "2024-03-05", "x"), doc("D2", "533401", "2024-03-28", "x"),
                doc("D3", "533401", "2024-05-02", "x"), doc("D4", "533401", "2024-13-01", "x"),
                doc("D5", "533401", "2024-14-01", "x"),
                "{\"doc_id\":\"D6\",\"issuer\":\"x\",\"issuer_level\":\"county\",\"county_code\":\"533401\","
                        + "\"issued_on\":\"2024-06-01\",\"colour\":\"red\"}"));
        Dataset<Row> validated = validated(RecordType.DOCUMENTS);
        // what the routed write does: every row's tallies, each distinct one counted
        Map<Row, Long> counted = new HashMap<>();
        validated.select(explode(ValidationTallies.of(DOCUMENTS)).as("t")).groupBy("t").count().collectAsList()
                .forEach(r -> counted.put(r.getStruct(0), r.getLong(1)));
        ValidationTallies tallies = new ValidationTallies();
        tallies.add(counted);
        assertEquals(Map.of("invalid_date:issued_on", 2L), tallies.reasons(RecordType.DOCUMENTS));
        assertEquals(Map.of(RecordType.DOCUMENTS, Set.of(YearMonth.of(2024, 3), YearMonth.of(2024, 5), YearMonth.of(2024, 6))),
                tallies.months(), "the months of accepted records only");
        String file = validated.select(ValidatedSchema.SOURCE_FILE).first().getString(0);
        assertEquals(Set.of("colour"), tallies.unknownColumns(file));
        assertEquals(Set.of(), tallies.platformIds());

        tallies.forget(RecordType.DOCUMENTS, Set.of(file));
        assertEquals(Map.of(), tallies.reasons(RecordType.DOCUMENTS));
        assertEquals(Set.of(), tallies.unknownColumns(file));
        assertFalse(tallies.months().containsKey(RecordType.DOCUMENTS));
    }

    @Test
    void aTaskNamingNoAcceptedPlatformIsKeptAndFlagged() {
        write(root, "platform_tasks/t.jsonl", jsonl(
                "{\"task_id\":\"T1\",\"platform_id\":\"P1\",\"county_code\":\"533401\",\"pushed_at\":\"2024-03-04 09:00\",\"kind\":\"填报\"}",
                "{\"task_id\":\"T2\",\"platform_id\":\"P9\",\"county_code\":\"533401\",\"pushed_at\":\"2024-03-04 09:00\",\"kind\":\"填报\"}",
                "{\"task_id\":\"T3\",\"county_code\":\"533401\",\"pushed_at\":\"2024-03-04 09:00\",\"kind\":\"填报\"}"));
        Dataset<Row> tasks = validated(RecordType.PLATFORM_TASKS);
        Map<String, Boolean> known = new TreeMap<>();
        ValidatedTables.withPlatformKnown(spark, tasks, Set.of("P1")).collectAsList()
                .forEach(r -> known.put(r.getAs("task_id"), r.getAs(ValidatedTables.PLATFORM_KNOWN)));
        assertEquals(Map.of("T1", true, "T2", false, "T3", false), known);
        // no platforms supplied: a task naming one is not known either way; one naming none is still flagged
        known.clear();
        ValidatedTables.withPlatformKnown(spark, tasks, null).collectAsList()
                .forEach(r -> known.put(r.getAs("task_id"), r.getAs(ValidatedTables.PLATFORM_KNOWN)));
        Map<String, Boolean> expected = new TreeMap<>();
        expected.put("T1", null);
        expected.put("T2", null);
        expected.put("T3", false);
        assertEquals(expected, known);
    }

    @Test
    void divisionsAreSplitOnTheDriverWithTheHierarchyChecked() {
        write(root, "divisions/d.csv", "code,name,level,parent_code\n533400,迪庆藏族自治州,prefecture,\n"
                + "533401,香格里拉市,county,533400\n533401,香格里拉市（重复）,county,533400\n"
                + "533499,无上级县,county,539999\n");
        InputInventory inventory = InputInventory.inspect(new Configuration(), root.toString());
        DivisionRecords split = DivisionRecords.of(Validation.validate(spark, RecordType.DIVISIONS,
                inventory.of(RecordType.DIVISIONS).files(), ValidationTest.CONTEXT.withDivisions(DivisionDirectory.empty())));
        assertEquals(2, split.clean().size());
        assertEquals(1, split.duplicates().size());
        assertEquals("533401", split.duplicates().get(0).getString(4), "the repeat names its key");
        assertEquals(List.of(List.of("unknown_parent:parent_code")), split.reasons());
        assertEquals(split.quarantineSchema().size(), split.quarantine().get(0).size());
        assertTrue(split.directory().isCountyOrPrefecture("533401"));
        assertFalse(split.directory().isCountyOrPrefecture("533499"));
    }
}
