package org.burdenwatch.incremental;

import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which years of the facts an appending rerun rewrites: Datasets in, the years out. */
class FactsUpdateTest extends SparkTestBase {
    private static final String SETTINGS = "burden_indicators dev; targets built-in";

    @TempDir
    Path input;

    @Test
    void theYearsTheNewRecordsFallInAndThoseThePlatformsGrowInto() {
        Fixtures.inputWithDivisions(input);
        write(input, "documents/2023.jsonl", "{}\n");
        Set<RecordType> supplied = EnumSet.of(RecordType.DIVISIONS, RecordType.DOCUMENTS);
        List<IngestLedger.Entry> ledger = new ArrayList<>();
        for (RecordType type : supplied) {
            for (SourceFile f : inventory().of(type).files()) {
                ledger.add(IngestLedger.Entry.of(f, List.of(), "run-1", SETTINGS));
            }
        }
        write(input, "documents/2024.jsonl", "{}\n");
        IncrementalPlan plan = IncrementalPlan.of(inventory(), ledger, supplied, SETTINGS, false);
        String fresh = plan.of(RecordType.DOCUMENTS).toParse().get(0).path();
        String old = inventory().of(RecordType.DOCUMENTS).files().stream().map(SourceFile::path)
                .filter(p -> !p.equals(fresh)).findFirst().orElseThrow();
        Dataset<Row> clean = spark.createDataFrame(List.of(
                RowFactory.create(old, Date.valueOf("2021-05-01")),   // a published record: its year stays
                RowFactory.create(fresh, Date.valueOf("2024-03-05")),
                RowFactory.create(fresh, Date.valueOf("2025-01-02"))),
                new StructType().add("source_file", "string").add("issued_on", "date"));
        FactsUpdate update = new FactsUpdate(plan, true);
        assertTrue(update.rewritesSomeYears());
        // 2024 and 2025 hold new documents; the platforms' months reach 2026, beyond the published years
        assertEquals(Set.of(2024, 2025, 2026), update.yearsToRewrite(Map.of(IndicatorSource.DOCUMENTS, clean),
                Set.of(2023, 2026), Set.of(2021, 2023, 2024)));
        // nothing new in a source that is not appended: only the platforms' new year
        assertEquals(Set.of(2026), update.yearsToRewrite(Map.of(IndicatorSource.MEETINGS, clean),
                Set.of(2026), Set.of(2021)));
    }

    private InputInventory inventory() {
        return InputInventory.inspect(new Configuration(), input.toString());
    }
}
