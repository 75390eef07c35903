package org.burdenwatch.output;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutedParquetWriteTest extends SparkTestBase {
    @TempDir
    Path dir;

    private static final StructType EVENS = new StructType()
            .add("n", DataTypes.LongType, false, new MetadataBuilder().putString("comment", "an even number").build())
            .add("half", DataTypes.LongType, false);
    private static final StructType ODDS = new StructType().add("n", DataTypes.LongType, false);

    private Dataset<Row> routed(long rows, Column failWhen) {
        Column even = col("id").mod(2).equalTo(0);
        return spark.range(0, rows, 1, 3).select(
                when(failWhen, lit(1).divide(lit(0)).cast("int")).when(even, lit(0)).otherwise(lit(1))
                        .as(RoutedParquetWrite.ROUTE),
                when(even, struct(col("id").as("n"), col("id").divide(2).cast("long").as("half"))).as("evens"),
                when(even.unary_$bang(), struct(col("id").as("n"))).as("odds"),
                array(struct(lit("tens").as("kind"), col("id").divide(10).cast("long").as("tens")))
                        .as(RoutedParquetWrite.TALLIES));
    }

    @Test
    void eachRowGoesToItsTableWithCountsAndNotesFromTheWriteItself() throws Exception {
        Path evens = dir.resolve("evens");
        Path odds = dir.resolve("odds");
        RoutedParquetWrite.Result r = RoutedParquetWrite.write(routed(100, lit(false)),
                List.of(RoutedParquetWrite.Target.of(evens.toString(), EVENS),
                        RoutedParquetWrite.Target.of(odds.toString(), ODDS, "", 2)));
        assertArrayEquals(new long[] {50, 50}, r.rows());
        Set<Row> tens = new HashSet<>();
        for (long t = 0; t < 10; t++) {
            tens.add(RowFactory.create("tens", t));
        }
        assertEquals(tens, r.tallies().keySet(), "each distinct struct, its fields typed");
        assertEquals(10L, r.tallies().get(RowFactory.create("tens", 4L)), "each tally counted");
        Dataset<Row> e = spark.read().parquet(evens.toString());
        assertEquals(50, e.count());
        assertEquals(0, e.filter("n % 2 <> 0 or half * 2 <> n").count());
        assertEquals("an even number", e.schema().apply("n").metadata().getString("comment"), "metadata in the footer");
        assertEquals(50, spark.read().parquet(odds.toString()).filter("n % 2 = 1").count());
        try (Stream<Path> files = Files.walk(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().contains("_temporary")), "no temporary files are left");
        }
    }

    @Test
    void aTargetWithNoRowsIsAnEmptyTableWithItsColumns() {
        Path evens = dir.resolve("evens");
        Path none = dir.resolve("none");
        RoutedParquetWrite.Result r = RoutedParquetWrite.write(routed(10, lit(false)).filter("_route = 0"),
                List.of(RoutedParquetWrite.Target.of(evens.toString(), EVENS),
                        RoutedParquetWrite.Target.of(none.toString(), ODDS, "", 2)));
        assertArrayEquals(new long[] {5, 0}, r.rows());
        Dataset<Row> empty = spark.read().parquet(none.toString());
        assertEquals(0, empty.count());
        assertEquals(ODDS.fieldNames().length, empty.schema().fieldNames().length);
    }

    @Test
    void yearsOfOneTableShareItsFolderAndAYearWithoutRowsHasNoFile() throws Exception {
        // the facts' layout: a target per year, one folder, files named by the year
        Path facts = dir.resolve("facts");
        RoutedParquetWrite.Result r = RoutedParquetWrite.write(routed(10, lit(false)).filter("_route = 0"),
                List.of(RoutedParquetWrite.Target.of(facts.toString(), EVENS, "2023-", 1),
                        RoutedParquetWrite.Target.of(facts.toString(), EVENS, "2024-", 1)));
        assertArrayEquals(new long[] {5, 0}, r.rows());
        try (Stream<Path> files = Files.list(facts)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".parquet")).toList();
            assertFalse(names.isEmpty());
            assertTrue(names.stream().allMatch(n -> n.startsWith("part-2023-")), names.toString());
        }
        assertEquals(5, spark.read().parquet(facts.toString()).count());

        // no row for any year: one empty file, the table exists with its columns
        Path empty = dir.resolve("empty");
        RoutedParquetWrite.write(routed(10, lit(false)).filter("_route = 5"),
                List.of(RoutedParquetWrite.Target.of(empty.toString(), EVENS, "2023-", 1),
                        RoutedParquetWrite.Target.of(empty.toString(), EVENS, "2024-", 1)));
        try (Stream<Path> files = Files.list(empty)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".parquet")).count());
        }
        assertEquals(EVENS.fieldNames().length, spark.read().parquet(empty.toString()).schema().fieldNames().length);
    }

    @Test
    void aFailedWriteLeavesNoFiles() throws Exception {
        Path evens = dir.resolve("evens");
        Path odds = dir.resolve("odds");
        assertThrows(Exception.class, () -> RoutedParquetWrite.write(routed(100, col("id").equalTo(97)),
                List.of(RoutedParquetWrite.Target.of(evens.toString(), EVENS),
                        RoutedParquetWrite.Target.of(odds.toString(), ODDS, "", 2))));
        for (Path p : List.of(evens, odds)) {
            if (Files.exists(p)) {
                try (Stream<Path> files = Files.walk(p)) {
                    assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "nothing committed in " + p);
                }
            }
        }
    }
}
