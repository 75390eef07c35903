package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.output.OutputTable;

/** Dataset comparisons whose failure names the row and the column that differ. */
public final class DatasetAssertions {
    private DatasetAssertions() {
    }

    /**
     * Same columns and the same rows (as a multiset): each side collected in one Spark job, then
     * sorted on the driver by its values' text, so that equal rows meet at the same place.
     */
    public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        assertSameRows("", expected, actual);
    }

    /** As {@link #assertSameRows(Dataset, Dataset)}, the failure starting with what is compared. */
    public static void assertSameRows(String what, Dataset<Row> expected, Dataset<Row> actual) {
        String prefix = what.isEmpty() ? "" : what + ": ";
        String[] columns = expected.columns();
        if (!Arrays.equals(columns, actual.columns())) {
            fail(prefix + "columns differ: expected " + Arrays.toString(columns) + " but was "
                    + Arrays.toString(actual.columns()));
        }
        List<Row> e = sorted(expected);
        List<Row> a = sorted(actual);
        if (e.size() != a.size()) {
            fail(prefix + "row counts differ: expected " + e.size() + " but was " + a.size());
        }
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < columns.length; c++) {
                if (!Objects.equals(e.get(r).get(c), a.get(r).get(c))) {
                    fail(prefix + "row " + r + " " + e.get(r) + ", column " + columns[c] + ": expected "
                            + e.get(r).get(c) + " but was " + a.get(r).get(c));
                }
            }
        }
    }

    /**
     * The columns that say when records arrived and what had been published before them: two outputs
     * with other histories (a rebuild in a new folder, a run on another file system) differ there,
     * as they do in quality/revisions, by design.
     */
    public static final String[] HISTORY = {"parsed_by_run", "first_ingested_run", "first_ingested_at", "late",
        "late_records", "base_revised_up", "first_published_prev_value"};

    /**
     * {@link #assertSameOutputs} of two outputs with other histories: every table but quality/revisions,
     * without the {@link #HISTORY} columns.
     */
    public static void assertSameOutputsButHistory(SparkSession spark, Path expected, Path actual) {
        assertSameOutputs(spark, expected, actual, Set.of(OutputTable.REVISIONS), HISTORY);
    }

    /** Tables compared at once by {@link #assertSameOutputs}. */
    private static final int COMPARED_AT_ONCE = 3;

    /**
     * Every Parquet table of two output folders: present in both or in neither, with the same
     * columns and rows, the given columns dropped from both (those that name a run). The tables are
     * compared a few at a time: each comparison is two small Spark jobs whose time is the driver's
     * planning and scheduling, which one at a time leaves a core idle.
     */
    public static void assertSameOutputs(SparkSession spark, Path expected, Path actual, String... dropped) {
        assertSameOutputs(spark, expected, actual, Set.of(), dropped);
    }

    private static void assertSameOutputs(SparkSession spark, Path expected, Path actual, Set<OutputTable> skipped,
                                          String... dropped) {
        ExecutorService pool = Executors.newFixedThreadPool(COMPARED_AT_ONCE);
        try {
            List<Future<?>> comparisons = new ArrayList<>();
            for (OutputTable t : OutputTable.parquetTables()) {
                if (skipped.contains(t)) {
                    continue;
                }
                Path e = expected.resolve(t.path());
                Path a = actual.resolve(t.path());
                if (Files.exists(e) != Files.exists(a)) {
                    fail(t.path() + ": " + (Files.exists(e) ? "missing" : "present, but not in " + expected));
                }
                if (Files.exists(e)) {
                    comparisons.add(pool.submit(() -> assertSameRows(t.path(),
                            spark.read().parquet(e.toString()).drop(dropped),
                            spark.read().parquet(a.toString()).drop(dropped))));
                }
            }
            for (Future<?> c : comparisons) {
                c.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // an assertion's failure, as it was thrown
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Row> sorted(Dataset<Row> ds) {
        List<Row> rows = new ArrayList<>(ds.collectAsList());
        rows.sort(Comparator.comparing(DatasetAssertions::sortKey));
        return rows;
    }

    /** Every value as text, nulls apart from any text ({@code toString} of a row would print both as "null"). */
    private static String sortKey(Row row) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
            Object v = row.get(i);
            key.append(v == null ? "\u0000" : v instanceof byte[] bytes ? Arrays.toString(bytes) : v.toString())
                    .append('\u0001');
        }
        return key.toString();
    }
}
