package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.docs.DataDictionaryPage;
import org.burdenwatch.output.ColumnMetadata;
import org.burdenwatch.output.OutputCatalog;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.records.ColumnEntry;
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

    private static List<String> dictionary(OutputTable table) {
        return DataDictionary.of(table).stream().map(ColumnEntry::column).toList();
    }

    @Test
    void everyWrittenColumnHasAnEntryAndEveryEntryAColumn() {
        for (OutputTable table : OutputTable.parquetTables()) {
            assertTrue(Files.isDirectory(out.resolve(table.path())), "the sample run writes " + table.path());
            // same names in the same order: a missing entry or an entry for no column fails here
            // (analysts' SELECT * and EXCEPT ALL depend on the order)
            assertEquals(dictionary(table), List.of(written(table).fieldNames()), table.name());
        }
    }

    @Test
    void theRunSummaryRecordsTheColumnsEachTableWasWrittenWith() throws Exception {
        Map<OutputTable, StructType> recorded = DataDictionaryPage.writtenColumns(out);
        for (OutputTable table : OutputTable.parquetTables()) {
            StructType files = written(table);
            StructType summary = recorded.get(table);
            assertEquals(List.of(files.fieldNames()), List.of(summary.fieldNames()), table.name());
            for (StructField f : files.fields()) {
                assertEquals(f.dataType(), summary.apply(f.name()).dataType(), table.name() + "." + f.name());
            }
        }
    }

    @Test
    void theRunsTableHasTheDictionaryColumns() throws Exception {
        StructType runs = OutputCatalog.open(spark, out.toString()).runs().schema();
        assertEquals(dictionary(OutputTable.RUNS), List.of(runs.fieldNames()));
    }

    @Test
    void theParquetFilesCarryTheLabelsInTheirColumnMetadata() {
        for (OutputTable table : OutputTable.parquetTables()) {
            for (StructField f : written(table).fields()) {
                if (f.name().equals("period_type")) {
                    continue; // a partition column lives in folder names, not in the files
                }
                ColumnEntry entry = DataDictionary.entry(table, f.name());
                assertTrue(f.metadata().contains(ColumnMetadata.LABEL_ZH), table.name() + "." + f.name());
                assertEquals(entry.chineseLabel(), f.metadata().getString(ColumnMetadata.LABEL_ZH));
                assertEquals(entry.unit(), f.metadata().getString(ColumnMetadata.UNIT));
                assertTrue(f.metadata().getString(ColumnMetadata.COMMENT).contains(entry.definition()));
            }
        }
        StructField documents = written(OutputTable.COUNTY_INDICATORS).apply("documents_issued");
        assertEquals("发文数量", documents.metadata().getString(ColumnMetadata.LABEL_ZH));
    }

    @Test
    void everyEntryHasALabelAndADefinition() {
        for (OutputTable table : OutputTable.ALL) {
            for (ColumnEntry e : DataDictionary.of(table)) {
                assertFalse(e.chineseLabel().isBlank(), table.name() + "." + e.column());
                assertFalse(e.definition().isBlank(), table.name() + "." + e.column());
                // registered in a Hive metastore (--database), a longer comment fails the registration
                assertTrue(ColumnMetadata.comment(e).length() <= ColumnMetadata.MAX_COMMENT,
                        table.name() + "." + e.column() + ": a comment of " + ColumnMetadata.comment(e).length()
                                + " characters");
            }
        }
    }

    /**
     * A figure quoted to a leader must say how it is rounded: every decimal column of a derived table
     * states its rounding, or that it is not rounded, or that it is as given.
     */
    @Test
    void everyDecimalColumnStatesItsRounding() {
        List<String> silent = new java.util.ArrayList<>();
        for (OutputTable table : List.of(OutputTable.COUNTY_INDICATORS, OutputTable.TOWNSHIP_INDICATORS,
                OutputTable.TARGETS, OutputTable.AUDIT, OutputTable.COMPLETENESS, OutputTable.REVISIONS)) {
            for (StructField f : written(table).fields()) {
                if (f.dataType() != org.apache.spark.sql.types.DataTypes.DoubleType) {
                    continue;
                }
                String d = DataDictionary.entry(table, f.name()).definition();
                if (!d.matches(".*(rounded half-up to \\d+ decimals?|not rounded|as given|as its [a-z_]* ?column rounds it).*")) {
                    silent.add(table.name() + "." + f.name() + ": " + d);
                }
            }
        }
        assertEquals(List.of(), silent);
        assertTrue(DataDictionary.entry(OutputTable.COUNTY_INDICATORS, "burden_hours_per_cadre").definition()
                .contains("rounded half-up to 2 decimals"));
    }

    @Test
    void aColumnWithoutAnEntryIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ColumnMetadata.annotate(
                OutputTable.TARGETS, spark.sql("select 'x' as division_code, 1 as not_in_the_dictionary").schema(),
                DataDictionary.of(OutputTable.TARGETS)));
        assertTrue(e.getMessage().contains("targets.not_in_the_dictionary"), e.getMessage());
    }

    @Test
    void theCommittedDictionaryIsTheGeneratedOne() throws Exception {
        String committed = Files.readString(Path.of("docs/data-dictionary.md"), StandardCharsets.UTF_8);
        assertEquals(DataDictionaryPage.markdown(DataDictionaryPage.writtenColumns(out)), committed,
                "docs/data-dictionary.md is stale: run jobs/data-dictionary.sh and commit the result");
    }
}
