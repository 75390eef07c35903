package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Looks up the one row of an indicator table for a division and period. */
public final class IndicatorRows {
    private IndicatorRows() {
    }

    public static Row row(Dataset<Row> table, String division, String period) {
        List<Row> rows = table.filter(table.col("division_code").equalTo(division).and(table.col("period").equalTo(period)))
                .collectAsList();
        assertEquals(1, rows.size(), "rows for " + division + " " + period);
        return rows.get(0);
    }
}
