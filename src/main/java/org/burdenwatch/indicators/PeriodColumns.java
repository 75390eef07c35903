package org.burdenwatch.indicators;

import org.burdenwatch.records.Period;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Period labels as Spark expressions over a DATE column. A DATE has no time zone, and the clean
 * tables already hold each timestamp's Asia/Shanghai date, so these never depend on a zone.
 */
public final class PeriodColumns {
    private PeriodColumns() {
    }

    /** [{month, 2024-06}, {quarter, 2024-Q2}, {half, 2024-H1}, {year, 2024}] for a date. */
    public static Column labelsOf(Column date) {
        Column y = year(date).cast("string");
        Column m = month(date);
        return array(
                label(Period.MONTH, concat(y, lit("-"), lpad(m.cast("string"), 2, "0"))),
                label(Period.QUARTER, concat(y, lit("-Q"), quarter(date).cast("string"))),
                label(Period.HALF, concat(y, when(m.leq(6), lit("-H1")).otherwise(lit("-H2")))),
                label(Period.YEAR, y));
    }

    /**
     * The periods a month (a DATE, its first day) counts in, each as its type and first day, with
     * whether the month is the period's last and whether it counts there as the year before (同期):
     * its own periods [{month, 2024-06-01, true, false}, {quarter, 2024-04-01, true, false},
     * {half, 2024-01-01, true, false}, {year, 2024-01-01, false, false}], then the same four a year
     * later (2025-06-01 … 2025-01-01) with year_before true. Dates, not labels: no text is built
     * per row, and a period is joined to the grid by its type and first day.
     */
    public static Column periodsOfMonth(Column monthStart) {
        List<Column> both = new ArrayList<>(List.of(periods(monthStart, lit(false))));
        both.addAll(List.of(periods(add_months(monthStart, 12), lit(true))));
        return array(both.toArray(Column[]::new));
    }

    /** The field of {@link #periodsOfMonth} that marks a month counted as a year before. */
    public static final String YEAR_BEFORE = "year_before";

    private static Column[] periods(Column monthStart, Column yearBefore) {
        Column m = month(monthStart);
        Column yearStart = trunc(monthStart, "year");
        return new Column[] {
            placed(Period.MONTH, monthStart, lit(true), yearBefore),
            placed(Period.QUARTER, trunc(monthStart, "quarter"), m.mod(3).equalTo(0), yearBefore),
            placed(Period.HALF, when(m.leq(6), yearStart).otherwise(add_months(yearStart, 6)), m.mod(6).equalTo(0),
                    yearBefore),
            placed(Period.YEAR, yearStart, m.equalTo(12), yearBefore)};
    }

    private static Column placed(String type, Column start, Column last, Column yearBefore) {
        return struct(lit(type).as("period_type"), start.as("period_start"), last.as("last"),
                yearBefore.as(YEAR_BEFORE));
    }

    private static Column label(String type, Column label) {
        return struct(lit(type).as("period_type"), label.as("period"));
    }
}
