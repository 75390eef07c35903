package org.burdenwatch.indicators;

import org.apache.spark.sql.Column;

/**
 * One indicator, declared as data: its output column, its source, the per-record measure that is
 * summed (for a state source the measure may use {@code period_start} / {@code period_end}), its
 * unit, how a period's value follows from its months, whether it also goes to the township table,
 * and its data-dictionary entry.
 *
 * <p>Measures are whole numbers (counts, minutes) so that year-on-year changes are exact; an
 * {@link Unit#HOURS} indicator sums minutes and is reported in hours.
 */
public record Indicator(String name, IndicatorSource source, Column measure, Unit unit, Over over, boolean township,
                        String chineseLabel, String definition) {

    /** The decimals an {@link Unit#HOURS} figure is rounded to, half-up, when minutes become hours. */
    public static final int HOURS_DECIMALS = 2;

    /** How the dictionary states a rounding: one phrase for every rounded column. */
    public static String roundedTo(int decimals) {
        return "rounded half-up to " + decimals + (decimals == 1 ? " decimal" : " decimals");
    }

    /** What the number counts. */
    public enum Unit {
        COUNT,
        /** Summed as minutes, reported as hours (2 decimals). */
        HOURS
    }

    /** How a quarter's, half-year's or year's value follows from its months. */
    public enum Over {
        /** The sum of its months (events: documents issued, platforms retired). */
        SUM,
        /** Its last month's value: a state on the period's last day (platforms active). */
        END
    }
}
