package org.burdenwatch.indicators;

import org.apache.spark.sql.Column;

/**
 * One indicator, declared as data: its output column, its source, the per-record measure that is
 * summed (for a state source the measure may use {@code period_start} / {@code period_end}), its
 * unit, whether it also goes to the township table, and its data-dictionary entry.
 *
 * <p>Measures are whole numbers (counts, minutes) so that year-on-year changes are exact; an
 * {@link Unit#HOURS} indicator sums minutes and is reported in hours.
 */
public record Indicator(String name, IndicatorSource source, Column measure, Unit unit, boolean township,
                        String chineseLabel, String definition) {

    /** What the number counts. */
    public enum Unit {
        COUNT,
        /** Summed as minutes, reported as hours (2 decimals). */
        HOURS
    }
}
