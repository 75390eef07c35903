package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.output.OutputTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison every whole-output test relies on: rows as a multiset, whatever their order. */
class DatasetAssertionsTest extends SparkTestBase {
    private static final StructType SCHEMA = new StructType().add("code", DataTypes.StringType)
            .add("n", DataTypes.LongType).add("tags", DataTypes.createArrayType(DataTypes.StringType));

    private static Dataset<Row> rows(Object[]... values) {
        return spark.createDataFrame(Arrays.stream(values).map(RowFactory::create).toList(), SCHEMA);
    }

    private static final Object[] A = {"533401", 1L, List.of("x").toArray(new String[0])};
    private static final Object[] B = {"533422", null, null};
    private static final Object[] C = {"null", 2L, new String[0]};

    @Test
    void theSameRowsInAnotherOrderAreTheSame() {
        DatasetAssertions.assertSameRows(rows(A, B, C, A), rows(C, A, B, A));
    }

    @Test
    void aMissingOrChangedOrRepeatedRowIsNot() {
        assertThrows(AssertionError.class, () -> DatasetAssertions.assertSameRows(rows(A, B, C), rows(A, B)));
        assertThrows(AssertionError.class, () -> DatasetAssertions.assertSameRows(rows(A, B, C), rows(A, B, A)));
        assertThrows(AssertionError.class, () -> DatasetAssertions.assertSameRows(rows(A, B), rows(A, B, B)));
        Object[] nullCode = {null, 2L, new String[0]}; // null, not the text "null"
        AssertionError e = assertThrows(AssertionError.class,
                () -> DatasetAssertions.assertSameRows(rows(A, C), rows(A, nullCode)));
        assertTrue(e.getMessage().contains("column code"), e.getMessage());
    }

    @Test
    void otherColumnsAreNot() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> DatasetAssertions.assertSameRows(rows(A), rows(A).withColumnRenamed("n", "m")));
        assertTrue(e.getMessage().startsWith("columns differ"), e.getMessage());
    }

    @TempDir
    Path dir;

    private void write(Path out, OutputTable table, Dataset<Row> rows) {
        rows.write().parquet(out.resolve(table.path()).toString());
    }

    @Test
    void twoOutputsAreTheSameTableByTableTheDroppedColumnsAside() {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        write(a, OutputTable.COUNTY_INDICATORS, rows(A, B));
        write(b, OutputTable.COUNTY_INDICATORS, rows(B, A));
        write(a, OutputTable.TARGETS, rows(A, C));
        write(b, OutputTable.TARGETS, rows(C, A).withColumn("n", org.apache.spark.sql.functions.lit(7L)));
        DatasetAssertions.assertSameOutputs(spark, a, b, "n");

        AssertionError changed = assertThrows(AssertionError.class, () -> DatasetAssertions.assertSameOutputs(spark, a, b));
        assertTrue(changed.getMessage().startsWith(OutputTable.TARGETS.path() + ": "), changed.getMessage());

        write(b, OutputTable.FACTS, rows(A));
        AssertionError extra = assertThrows(AssertionError.class,
                () -> DatasetAssertions.assertSameOutputs(spark, a, b, "n"));
        assertTrue(extra.getMessage().startsWith(OutputTable.FACTS.path() + ": present"), extra.getMessage());
    }
}
