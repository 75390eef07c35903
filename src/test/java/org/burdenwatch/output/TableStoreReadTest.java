package org.burdenwatch.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published table read with the schema from its footer is the table Spark's own inference reads:
 * the same columns in the same order (the partition column last, typed from the folders), the same
 * column comments and the same rows.
 */
class TableStoreReadTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static final StructType ROWS = new StructType()
            .add("division_code", DataTypes.StringType, false,
                    new MetadataBuilder().putString("comment", "区划代码").build())
            .add("documents_issued", DataTypes.LongType, true)
            .add("rate", DataTypes.createDecimalType(9, 1), true)
            .add("period_start", DataTypes.DateType, true)
            .add("period_type", DataTypes.StringType, false);

    @Test
    void aTableReadWithItsFooterSchemaIsTheTableSparkInfers() {
        List<Row> rows = List.of(
                RowFactory.create("533401", 12L, new java.math.BigDecimal("-12.5"), java.sql.Date.valueOf("2024-01-01"), "month"),
                RowFactory.create("533422", null, null, java.sql.Date.valueOf("2024-01-01"), "half"),
                RowFactory.create("533423", 3L, new java.math.BigDecimal("0.0"), null, "year"));
        String path = dir.resolve("county").toString();
        spark.createDataFrame(rows, ROWS).write().partitionBy("period_type").parquet(path);

        Dataset<Row> inferred = spark.read().parquet(path);
        Dataset<Row> read = new TableStore(spark, null, t -> List.of()).readParquet(path);

        assertEquals(inferred.schema(), read.schema());
        assertEquals("区划代码", read.schema().apply("division_code").metadata().getString("comment"));
        assertEquals(DataTypes.StringType, read.schema().apply("period_type").dataType());
        assertEquals(sorted(inferred), sorted(read));
    }

    @Test
    void aTableWithoutFilesIsLeftToSpark() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        TableStore store = new TableStore(spark, null, t -> List.of());
        // Spark's own answer for a folder without data files: it cannot infer a schema
        org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> store.readParquet(empty.toString()));
    }

    private static List<String> sorted(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }
}
