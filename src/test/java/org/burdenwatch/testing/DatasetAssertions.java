package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

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
