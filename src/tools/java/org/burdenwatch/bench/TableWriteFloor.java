package org.burdenwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.substring;

/**
 * The floor under the indicator tables stage that Spark's Parquet writer sets: an output's county
 * and township tables, read and held in memory in one partition per period type and year (one file
 * each, as a run writes them), then only written again, {@code ROUNDS} times each. What a run
 * spends beyond this is the grid, the sums, the derived columns and the plans; this much it pays
 * to write whatever computes the rows. Writes into a folder of its own under the system's temporary
 * folder, which it removes; the output it reads is never written.
 * <pre>bash -c 'source jobs/lib.sh &amp;&amp; tool org.burdenwatch.bench.TableWriteFloor OUT [ROUNDS]'</pre>
 * (with {@code TOOL_MASTER=local[2]} and {@code JAVA_OPTS} as a run's, for a run's conditions).
 */
public final class TableWriteFloor {
    private TableWriteFloor() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TableWriteFloor OUTPUT [ROUNDS]");
            System.exit(2);
        }
        Path output = Path.of(args[0]);
        int rounds = args.length == 2 ? Integer.parseInt(args[1]) : 3;
        SparkSession spark = SparkSession.builder().appName("table-write-floor")
                .config("spark.ui.enabled", "false").getOrCreate();
        Path scratch = Files.createTempDirectory("table-write-floor");
        try {
            for (String table : List.of("county", "township")) {
                Path source = output.resolve("indicators").resolve(table);
                if (!Files.isDirectory(source)) {
                    System.err.println("error: " + source + " is not a folder: give the output folder of a run");
                    System.exit(2);
                }
                Dataset<Row> rows = spark.read().parquet(source.toString());
                Dataset<Row> held = rows.repartition(col("period_type"), substring(col("period"), 1, 4))
                        .persist(StorageLevel.MEMORY_ONLY());
                long count = held.count();
                List<Double> seconds = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    held.write().mode(SaveMode.ErrorIfExists).parquet(scratch.resolve(table + "-" + round).toString());
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
                held.unpersist(true);
                List<Double> sorted = seconds.stream().sorted().toList();
                int middle = sorted.size() / 2;
                double median = sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
                System.out.printf(Locale.ROOT, "%s: %,d rows x %d columns written in %s s (median %.2f s)%n", table, count,
                        rows.columns().length, String.join(", ", seconds.stream()
                                .map(s -> String.format(Locale.ROOT, "%.2f", s)).toList()), median);
            }
        } finally {
            deleteOwn(scratch);
            spark.stop();
        }
    }

    /** Removes the folder this tool created, and only it. */
    private static void deleteOwn(Path scratch) throws IOException {
        try (var paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
