package org.burdenwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;

/** The pipeline's tables against the SQL reference's ({@link ReferenceIndicators}, {@link ReferenceChecks}), column by column. */
final class ReferenceTables {
    private ReferenceTables() {
    }

    private static final List<String> PERIOD_KEYS = List.of("division_code", "period_type", "period");

    /**
     * Both indicator tables hold the same columns (the county table's completeness and targets
     * columns aside, which {@link #assertChecksEqual} compares) and the same rows.
     */
    static void assertEqual(SparkSession spark, Path pipeline, Path reference) {
        for (String table : List.of("county", "township")) {
            Dataset<Row> ours = spark.read().parquet(pipeline.resolve("indicators").resolve(table).toString());
            Dataset<Row> theirs = spark.read().parquet(reference.resolve(table).toString());
            List<String> expected = new ArrayList<>(Arrays.asList(ours.columns()));
            expected.removeAll(ReferenceIndicators.NOT_COMPUTED);
            assertEquals(expected.stream().sorted().toList(), Arrays.stream(theirs.columns()).sorted().toList(),
                    table + ": the reference computes every column but " + ReferenceIndicators.NOT_COMPUTED);
            assertSameRows(table, ours, theirs, expected, PERIOD_KEYS, 100);
        }
    }

    /**
     * The county table's completeness columns and targets_missed, the completeness table, the
     * targets (but the year-end projection) and the audit (but the explanation's text) against
     * {@link ReferenceChecks}'.
     */
    static void assertChecksEqual(SparkSession spark, Path pipeline, Path reference) {
        Dataset<Row> county = spark.read().parquet(pipeline.resolve("indicators/county").toString());
        List<String> checked = new ArrayList<>(PERIOD_KEYS);
        checked.addAll(ReferenceIndicators.NOT_COMPUTED);
        assertSameRows("county (completeness, targets_missed)", county,
                spark.read().parquet(reference.resolve("county_checks").toString()), checked, PERIOD_KEYS, 100);
        Dataset<Row> completeness = spark.read().parquet(pipeline.resolve("quality/completeness").toString());
        assertSameRows("completeness", completeness, spark.read().parquet(reference.resolve("completeness").toString()),
                List.of(completeness.columns()), List.of("division_code", "source", "month"), 100);
        Dataset<Row> targets = spark.read().parquet(pipeline.resolve("targets").toString());
        List<String> targetColumns = new ArrayList<>(Arrays.asList(targets.columns()));
        targetColumns.removeAll(List.of("rule", "projected_value", "projected_status"));
        assertSameRows("targets", targets, spark.read().parquet(reference.resolve("targets").toString()),
                targetColumns, List.of("division_code", "period_type", "period", "target", "indicator"), 100);
        if (!java.nio.file.Files.isDirectory(reference.resolve("audit"))) {
            return; // no reported figures in the input
        }
        Dataset<Row> audit = spark.read().parquet(pipeline.resolve("audit/reported_figures").toString());
        assertSameRows("audit", audit, spark.read().parquet(reference.resolve("audit").toString()),
                List.of("division_code", "period", "indicator", "computed_value", "computed_prev_value",
                        "computed_change_pct", "reported_change_signed_pct", "verdict", "source_file", "source_line"),
                List.of("source_file", "source_line"), 3);
    }

    /** The same rows in the given columns, numbers compared as doubles printed by Spark. */
    private static void assertSameRows(String table, Dataset<Row> ours, Dataset<Row> theirs, List<String> columns,
                                       List<String> keys, long atLeast) {
        Column[] select = columns.stream().map(c -> (ours.schema().apply(c).dataType() instanceof NumericType
                ? functions.col(c).cast("double") : functions.col(c)).cast("string").as(c)).toArray(Column[]::new);
        Dataset<Row> a = ours.select(select).cache();
        Dataset<Row> b = theirs.select(select).cache();
        long rows = a.count();
        assertTrue(rows >= atLeast, table + ": " + rows + " rows");
        assertEquals(rows, b.count(), table + " rows");
        assertEquals(List.of(), differences(a, b, keys), table + ": columns whose values differ");
        assertEquals(0, a.exceptAll(b).count(), table + ": rows only the pipeline has");
        assertEquals(0, b.exceptAll(a).count(), table + ": rows only the reference has");
        a.unpersist();
        b.unpersist();
    }

    /** Per column that differs on the same keys: how many rows, and the first, as pipeline | reference. */
    private static List<String> differences(Dataset<Row> ours, Dataset<Row> theirs, List<String> keys) {
        Dataset<Row> joined = ours.as("o").join(theirs.as("t"), scala.jdk.javaapi.CollectionConverters.asScala(keys)
                .toSeq(), "full_outer").cache();
        List<String> out = new ArrayList<>();
        for (String c : ours.columns()) {
            if (keys.contains(c)) {
                continue;
            }
            Column differs = functions.not(functions.col("o." + c).eqNullSafe(functions.col("t." + c)));
            Dataset<Row> rows = joined.filter(differs);
            long n = rows.count();
            if (n > 0) {
                Row first = rows.select(functions.concat_ws(" ", keys.stream().map(functions::col).toArray(Column[]::new)),
                        functions.col("o." + c), functions.col("t." + c)).first();
                out.add(c + " (" + n + " rows, e.g. " + first.get(0) + ": " + first.get(1) + " | " + first.get(2) + ")");
            }
        }
        joined.unpersist();
        return out;
    }
}
