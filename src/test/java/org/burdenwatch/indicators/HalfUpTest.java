package org.burdenwatch.indicators;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** {@link HalfUp#round} gives Spark's round(x, d) bit for bit, on the values the tables divide out and on awkward ones. */
class HalfUpTest extends SparkTestBase {
    private static final int[] DECIMALS = {0, 1, 2, 4};

    private static List<Double> values() {
        List<Double> v = new ArrayList<>(List.of(
                // ties in decimal that a double holds just below or above, and exact binary ties
                1.005, 2.675, 1.115, 0.125, 0.375, 2.5, -2.5, 0.5, -0.5, 1.45, 0.145, 10.0005, 1234.5675,
                0.0, -0.0, -0.001, -0.004, 0.004, 1e-9, -1e-9, 123456789.125, 9.999999999e14, 1e15, 3e17,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        for (long minutes = 0; minutes <= 3000; minutes++) {
            v.add(minutes / 60.0); // hours from whole minutes, as the tables compute them
        }
        Random random = new Random(20261202L);
        for (int i = 0; i < 3000; i++) {
            long a = random.nextInt(100_000);
            long b = 1 + random.nextInt(5_000);
            v.add((double) a / b); // rates and shares of whole numbers
            v.add(random.nextDouble() * Math.pow(10, random.nextInt(14)) * (random.nextBoolean() ? 1 : -1));
            v.add(Math.round(random.nextDouble() * 1e6) / 1e3 + 0.0005); // near a tie at three decimals
        }
        return v;
    }

    @Test
    void givesSparksRoundForEveryValue() {
        List<Row> rows = new ArrayList<>();
        for (Double d : values()) {
            rows.add(RowFactory.create(d));
        }
        rows.add(RowFactory.create((Object) null));
        Dataset<Row> xs = spark.createDataFrame(rows, new StructType().add("x", DataTypes.DoubleType));
        List<Column> out = new ArrayList<>(List.of(col("x")));
        for (int d : DECIMALS) {
            out.add(round(col("x"), d).as("spark_" + d));
            out.add(HalfUp.round(col("x"), d).as("ours_" + d));
        }
        List<Row> result = xs.select(out.toArray(Column[]::new)).collectAsList();
        int fastChecked = 0;
        for (Row r : result) {
            for (int i = 0; i < DECIMALS.length; i++) {
                Object spark = r.get(1 + 2 * i);
                Object ours = r.get(2 + 2 * i);
                if (spark == null) {
                    assertEquals(null, ours, "x = " + r.get(0));
                    continue;
                }
                // bit for bit: 0.0 and -0.0 differ in Parquet, NaN equals NaN
                assertEquals(Double.doubleToRawLongBits((Double) spark), Double.doubleToRawLongBits((Double) ours),
                        "round(" + r.get(0) + ", " + DECIMALS[i] + "): Spark " + spark + ", ours " + ours);
                fastChecked++;
            }
        }
        assertTrue(fastChecked > 30_000, "values compared: " + fastChecked);
    }
}
