package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Dataset comparisons whose failure names the row and the column that differ. */
public final class DatasetAssertions {
    private DatasetAssertions() {
    }

    /** Same columns and the same rows (as a multiset), compared after sorting by every column. */
    public static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
        String[] columns = expected.columns();
        if (!Arrays.equals(columns, actual.columns())) {
            fail("columns differ: expected " + Arrays.toString(columns) + " but was " + Arrays.toString(actual.columns()));
        }
        List<Row> e = sorted(expected, columns);
        List<Row> a = sorted(actual, columns);
        if (e.size() != a.size()) {
            fail("row counts differ: expected " + e.size() + " but was " + a.size());
        }
        for (int r = 0; r < e.size(); r++) {
            for (int c = 0; c < columns.length; c++) {
                if (!Objects.equals(e.get(r).get(c), a.get(r).get(c))) {
                    fail("row " + r + " " + e.get(r) + ", column " + columns[c] + ": expected " + e.get(r).get(c)
                            + " but was " + a.get(r).get(c));
                }
            }
        }
    }

    private static List<Row> sorted(Dataset<Row> ds, String[] columns) {
        return new ArrayList<>(ds.orderBy(columns[0], Arrays.copyOfRange(columns, 1, columns.length)).collectAsList());
    }
}
