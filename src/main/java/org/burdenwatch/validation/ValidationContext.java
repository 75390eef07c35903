package org.burdenwatch.validation;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Set;
import org.burdenwatch.input.Redaction;

/**
 * What records are checked against besides their own fields: the accepted divisions, the names of
 * the output's indicators (a reported figure must name one), the window of plausible dates (a date
 * outside it is {@code out_of_range}: default 2000-01-01 to a year after the run), which columns
 * hold personal names (never kept in raw text), and the longest line read as a record.
 */
public record ValidationContext(DivisionDirectory divisions, Set<String> indicatorNames, LocalDate earliestDate,
                                LocalDate latestDate, Redaction redaction, int maxLineBytes) implements Serializable {

    /** The same context with another division reference (divisions are checked before the rest). */
    public ValidationContext withDivisions(DivisionDirectory d) {
        return new ValidationContext(d, indicatorNames, earliestDate, latestDate, redaction, maxLineBytes);
    }
}
