package org.burdenwatch.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.output.OutputTable;

/**
 * Compares two output folders table by table with EXCEPT ALL both ways: how an engine change is
 * shown to leave every table as it was, and an incremental output to hold a full run's rows.
 * Columns that name a run or a file's state (parsed_by_run, first_ingested_run, first_ingested_at,
 * run_id, previous_run_id, settings, modified_at) or the output's history (late, late_records,
 * base_revised_up, first_published_prev_value; quality/revisions unless named) are left out, and
 * paths (path, source_file, kept_source_file) compared by file name only, so outputs of the same
 * input copied to two places compare equal.
 *
 * <pre>java … org.burdenwatch.testing.CompareOutputs OUT_A OUT_B [TABLE …]</pre>
 */
public final class CompareOutputs {
    private CompareOutputs() {
    }

    /** Rows only in A and only in B, per table present in either (or the tables named). */
    public static Map<String, long[]> compare(SparkSession spark, Path a, Path b, List<String> only) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (OutputTable t : OutputTable.parquetTables()) {
            if (!only.isEmpty() && !only.contains(t.name()) || only.isEmpty() && (t.internal()
                    || t == OutputTable.REVISIONS)) {
                continue; // the output's own state is not an output; its revisions are its history
            }
            boolean inA = Files.exists(a.resolve(t.path()));
            boolean inB = Files.exists(b.resolve(t.path()));
            if (!inA && !inB) {
                continue;
            }
            if (inA != inB) {
                out.put(t.name(), new long[] {inA ? -1 : 0, inB ? -1 : 0});
                continue;
            }
            Dataset<Row> x = comparable(spark.read().parquet(a.resolve(t.path()).toString()));
            Dataset<Row> y = comparable(spark.read().parquet(b.resolve(t.path()).toString()));
            if (!Arrays.equals(x.columns(), y.columns())) {
                out.put(t.name(), new long[] {-2, -2});
                continue;
            }
            out.put(t.name(), new long[] {x.exceptAll(y).count(), y.exceptAll(x).count()});
        }
        return out;
    }

    private static Dataset<Row> comparable(Dataset<Row> table) {
        List<Column> columns = new ArrayList<>();
        for (String c : table.columns()) {
            switch (c) {
                case "parsed_by_run", "settings", "modified_at", "first_ingested_run", "first_ingested_at", "run_id",
                     "previous_run_id", "late", "late_records", "base_revised_up", "first_published_prev_value" -> { }
                case "path", "source_file", "kept_source_file" ->
                        columns.add(org.apache.spark.sql.functions.regexp_extract(table.col(c), "[^/]*$", 0).as(c));
                default -> columns.add(table.col(c));
            }
        }
        return table.select(columns.toArray(new Column[0]));
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[2]").appName("compare-outputs")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        Map<String, long[]> result = compare(spark, Path.of(args[0]), Path.of(args[1]),
                Arrays.asList(args).subList(2, args.length));
        int differing = 0;
        for (Map.Entry<String, long[]> e : result.entrySet()) {
            long[] d = e.getValue();
            String what = d[0] == -2 ? "columns differ" : d[0] == -1 || d[1] == -1 ? "present in one only"
                    : d[0] + " rows only in A, " + d[1] + " only in B";
            if (d[0] != 0 || d[1] != 0) {
                differing++;
            }
            System.out.printf("%-28s %s%n", e.getKey(), what);
        }
        System.out.println(differing == 0 ? "EQUAL: every table has the same rows" : differing + " tables differ");
        spark.stop();
        System.exit(differing == 0 ? 0 : 1);
    }
}
