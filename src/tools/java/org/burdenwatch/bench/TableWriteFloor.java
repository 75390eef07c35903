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

    /** One table's writes: its rows and columns, and the seconds of each round. */
    public record Writes(String table, long rows, int columns, List<Double> seconds) {
        /** The middle round's seconds (the mean of the middle two for an even count). */
        public double median() {
            List<Double> sorted = seconds.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TableWriteFloor OUTPUT [ROUNDS]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("table-write-floor")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            for (Writes w : measure(spark, Path.of(args[0]), args.length == 2 ? Integer.parseInt(args[1]) : 3)) {
                System.out.printf(Locale.ROOT, "%s: %,d rows x %d columns written in %s s (median %.2f s)%n", w.table(),
                        w.rows(), w.columns(), String.join(", ", w.seconds().stream()
                                .map(s -> String.format(Locale.ROOT, "%.2f", s)).toList()), w.median());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        } finally {
            spark.stop();
        }
    }

    /**
     * Writes the county and township tables of {@code output} {@code rounds} times each into a
     * temporary folder of its own, removed before it returns.
     */
    public static List<Writes> measure(SparkSession spark, Path output, int rounds) throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String table : TABLES) {
            Path source = output.resolve("indicators").resolve(table);
            if (!Files.isDirectory(source)) {
                throw new IllegalArgumentException(source + " is not a folder: give the output folder of a run");
            }
            sources.add(source);
        }
        Path scratch = Files.createTempDirectory("table-write-floor");
        try {
            List<Writes> all = new ArrayList<>();
            for (int t = 0; t < TABLES.size(); t++) {
                Dataset<Row> rows = spark.read().parquet(sources.get(t).toString());
                Dataset<Row> held = rows.repartition(col("period_type"), substring(col("period"), 1, 4))
                        .persist(StorageLevel.MEMORY_ONLY());
                long count = held.count();
                List<Double> seconds = new ArrayList<>();
                for (int round = 0; round < rounds; round++) {
                    long start = System.nanoTime();
                    held.write().mode(SaveMode.ErrorIfExists)
                            .parquet(scratch.resolve(TABLES.get(t) + "-" + round).toString());
                    seconds.add((System.nanoTime() - start) / 1e9);
                }
                held.unpersist(true);
                all.add(new Writes(TABLES.get(t), count, rows.columns().length, List.copyOf(seconds)));
            }
            return all;
        } finally {
            deleteOwn(scratch);
        }
    }

    private static final List<String> TABLES = List.of("county", "township");

    /** Removes the folder this tool created, and only it. */
    private static void deleteOwn(Path scratch) throws IOException {
        try (var paths = Files.walk(scratch)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
