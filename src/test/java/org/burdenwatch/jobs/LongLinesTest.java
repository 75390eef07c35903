package org.burdenwatch.jobs;

import static org.burdenwatch.testing.Fixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.burdenwatch.output.RunSummary;
import org.burdenwatch.testing.Fixtures;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The longest line is a parameter of the targets file: a run with max_line_bytes 2048 quarantines a
 * CSV record of 6,000 characters as line_too_long, counts it, and reads the records around it. The
 * file lists no target, which is allowed: the targets table is then empty.
 */
class LongLinesTest extends SparkTestBase {
    @TempDir
    static Path dir;

    @Test
    void aLineOverTheTargetsFilesLimitIsQuarantinedAndCounted() throws Exception {
        Path input = Fixtures.inputWithDivisions(dir.resolve("in"));
        write(input, "documents/d.csv", String.join("\n", "doc_id,issuer,issuer_level,county_code,issued_on,title",
                "D1,x,county,533401,2024-03-05,ok", "D2,x,county,533401,2024-03-05," + "A".repeat(6000),
                "D3,x,county,533401,2024-03-06,ok") + "\n");
        Path targets = write(dir, "targets.json", "{\"version\": 1, \"parameters\": {\"hours_per_report\": 2, "
                + "\"hours_per_inspected_unit\": 4, \"burden_shift_margin_pct\": 10, \"max_line_bytes\": 2048}, "
                + "\"targets\": []}");
        Path out = dir.resolve("out");
        RunSummary summary = BurdenIndicatorsJob.run(spark, new JobConfig(input.toString(), out.toString(),
                targets.toString(), null));
        RunSummary.TypeCounts documents = summary.recordTypes().get("documents");
        assertEquals(List.of(3L, 2L, 1L), List.of(documents.recordsRead(), documents.accepted(), documents.quarantined()));
        Row q = spark.read().parquet(out.resolve("quarantine/documents").toString()).first();
        assertEquals(3L, q.<Long>getAs("source_line"));
        assertEquals(List.of("line_too_long"), q.getList(q.fieldIndex("reasons")));
        assertEquals(6000L + "D2,x,county,533401,2024-03-05,".length(), q.<Long>getAs("raw_length"));
        // a targets file with no target at all: an empty targets table, no target missed (this crashed)
        assertEquals(0, spark.read().parquet(out.resolve("targets").toString()).count());
        assertEquals(0, spark.read().parquet(out.resolve("indicators/county").toString())
                .filter("targets_missed <> 0").count());
        assertEquals(2048, summary.parameters().get("max_line_bytes"));
    }
}
