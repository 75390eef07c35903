package org.burdenwatch.indicators;

import org.burdenwatch.records.Period;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

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
     * The periods a month (a DATE, its first day) falls in, each with whether the month is the
     * period's last: [{month, 2024-06, true}, {quarter, 2024-Q2, true}, {half, 2024-H1, true},
     * {year, 2024, false}].
     */
    public static Column periodsOfMonth(Column monthStart) {
        Column y = year(monthStart).cast("string");
        Column m = month(monthStart);
        return array(
                labelled(Period.MONTH, concat(y, lit("-"), lpad(m.cast("string"), 2, "0")), lit(true)),
                labelled(Period.QUARTER, concat(y, lit("-Q"), quarter(monthStart).cast("string")), m.mod(3).equalTo(0)),
                labelled(Period.HALF, concat(y, when(m.leq(6), lit("-H1")).otherwise(lit("-H2"))), m.mod(6).equalTo(0)),
                labelled(Period.YEAR, y, m.equalTo(12)));
    }

    private static Column labelled(String type, Column label, Column last) {
        return struct(lit(type).as("period_type"), label.as("period"), last.as("last"));
    }

    private static Column label(String type, Column label) {
        return struct(lit(type).as("period_type"), label.as("period"));
    }
}
