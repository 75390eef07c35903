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

/** The pipeline's indicator tables against the SQL reference's ({@link ReferenceIndicators}), column by column. */
final class ReferenceTables {
    private ReferenceTables() {
    }

    /** Per column that differs on a division and period: how many rows, and the first, as pipeline | reference. */
    private static List<String> differences(Dataset<Row> ours, Dataset<Row> theirs) {
        List<String> keys = List.of("division_code", "period_type", "period");
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
                Row first = rows.select(functions.col("division_code"), functions.col("period"),
                        functions.col("o." + c), functions.col("t." + c)).first();
                out.add(c + " (" + n + " rows, e.g. " + first.get(0) + " " + first.get(1) + ": " + first.get(2)
                        + " | " + first.get(3) + ")");
            }
        }
        joined.unpersist();
        return out;
    }

    /**
     * Both tables hold the same columns (the county table's completeness and targets columns aside)
     * and the same rows, every value compared as text (a double as Spark prints it).
     */
    static void assertEqual(SparkSession spark, Path pipeline, Path reference) {
        for (String table : List.of("county", "township")) {
            Dataset<Row> ours = spark.read().parquet(pipeline.resolve("indicators").resolve(table).toString());
            Dataset<Row> theirs = spark.read().parquet(reference.resolve(table).toString());
            List<String> expected = new ArrayList<>(Arrays.asList(ours.columns()));
            expected.removeAll(ReferenceIndicators.NOT_COMPUTED);
            List<String> computed = new ArrayList<>(Arrays.asList(theirs.columns()));
            assertEquals(expected.stream().sorted().toList(), computed.stream().sorted().toList(),
                    table + ": the reference computes every column but " + ReferenceIndicators.NOT_COMPUTED);
            // numbers compared as doubles printed by Spark (a count written as bigint by one and int by the other is equal)
            Column[] select = expected.stream().map(c -> (ours.schema().apply(c).dataType()
                            instanceof org.apache.spark.sql.types.NumericType ? functions.col(c).cast("double")
                            : functions.col(c)).cast("string").as(c)).toArray(Column[]::new);
            Dataset<Row> a = ours.select(select).cache();
            Dataset<Row> b = theirs.select(select).cache();
            long rows = a.count();
            assertTrue(rows > 100, table + ": a grid of divisions and periods: " + rows);
            assertEquals(rows, b.count(), table + " rows");
            assertEquals(List.of(), differences(a, b), table + ": columns whose values differ");
            assertEquals(0, a.exceptAll(b).count(), table + ": rows only the pipeline has");
            assertEquals(0, b.exceptAll(a).count(), table + ": rows only the reference has");
            a.unpersist();
            b.unpersist();
        }
    }
}
