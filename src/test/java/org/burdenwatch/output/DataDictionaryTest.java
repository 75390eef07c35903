package org.burdenwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SampleOutput;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every output column has a dictionary entry, every entry names a column, and the files carry it. */
class DataDictionaryTest extends SparkTestBase {
    static Path out;

    @BeforeAll
    static void sampleRun() {
        out = SampleOutput.folder(spark);
    }

    private static StructType written(OutputTable table) {
        return spark.read().parquet(out.resolve(table.path()).toString()).schema();
    }

    private static Map<String, String> dictionary(OutputTable table) {
        Map<String, String> types = new LinkedHashMap<>();
        DataDictionary.of(table).forEach(e -> types.put(e.column(), e.type()));
        return types;
    }

    private static Map<String, String> columns(StructType schema) {
        Map<String, String> types = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            types.put(f.name(), f.dataType().simpleString());
        }
        return types;
    }

    @Test
    void everyWrittenColumnHasAnEntryAndEveryEntryAColumnOfTheSameType() {
        for (OutputTable table : OutputTable.parquetTables()) {
            assertTrue(Files.isDirectory(out.resolve(table.path())), "the sample run writes " + table.path());
            // same names, same order, same types: a missing entry or an entry for no column fails here
            // (as lists: a map's equality ignores order, and analysts' SELECT * and EXCEPT ALL do not)
            assertEquals(List.copyOf(dictionary(table).entrySet()), List.copyOf(columns(written(table)).entrySet()),
                    table.name());
        }
    }

    @Test
    void theRunsTableHasTheDictionaryColumns() throws Exception {
        StructType runs = OutputCatalog.open(spark, out.toString()).runs().schema();
        assertEquals(dictionary(OutputTable.RUNS), columns(runs));
    }

    @Test
    void theParquetFilesCarryTheLabelsInTheirColumnMetadata() {
        for (OutputTable table : OutputTable.parquetTables()) {
            for (StructField f : written(table).fields()) {
                if (f.name().equals("period_type")) {
                    continue; // a partition column lives in folder names, not in the files
                }
                DataDictionary.Entry entry = DataDictionary.entry(table, f.name());
                assertTrue(f.metadata().contains(DataDictionary.LABEL_ZH), table.name() + "." + f.name());
                assertEquals(entry.chineseLabel(), f.metadata().getString(DataDictionary.LABEL_ZH));
                assertEquals(entry.unit(), f.metadata().getString(DataDictionary.UNIT));
                assertTrue(f.metadata().getString(DataDictionary.COMMENT).contains(entry.definition()));
            }
        }
        StructField documents = written(OutputTable.COUNTY_INDICATORS).apply("documents_issued");
        assertEquals("发文数量", documents.metadata().getString(DataDictionary.LABEL_ZH));
    }

    @Test
    void everyEntryHasALabelAndADefinition() {
        for (OutputTable table : OutputTable.ALL) {
            for (DataDictionary.Entry e : DataDictionary.of(table)) {
                assertFalse(e.chineseLabel().isBlank(), table.name() + "." + e.column());
                assertFalse(e.definition().isBlank(), table.name() + "." + e.column());
            }
        }
    }

    @Test
    void aColumnWithoutAnEntryIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataDictionary.annotate(
                OutputTable.TARGETS, spark.sql("select 'x' as division_code, 1 as not_in_the_dictionary")));
        assertTrue(e.getMessage().contains("targets.not_in_the_dictionary"), e.getMessage());
    }

    @Test
    void theCommittedDictionaryIsTheGeneratedOne() throws Exception {
        String committed = Files.readString(Path.of("docs/data-dictionary.md"), StandardCharsets.UTF_8);
        assertEquals(DataDictionary.markdown(), committed,
                "docs/data-dictionary.md is stale: run jobs/data-dictionary.sh and commit the result");
    }
}
