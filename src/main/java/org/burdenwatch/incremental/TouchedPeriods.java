package org.burdenwatch.incremental;

import java.time.YearMonth;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.burdenwatch.records.Period;

/**
 * The indicator periods an incremental run recomputes: those new to the grid, those whose
 * completeness changed (the covered months grew), those holding a month with new records, and the
 * same periods a year later, whose year-on-year columns compare against them. Every other period's
 * rows are kept as published: no record in them changed, nor did anything they are compared with.
 */
public final class TouchedPeriods {
    private TouchedPeriods() {
    }

    /**
     * @param first            the first covered month after this run
     * @param last             the last covered month after this run
     * @param published        the periods the published tables hold, with their period_complete
     * @param monthsWithChange the months in which new records fall
     * @return the periods to recompute, in grid order; null when every period must be (a published
     *         period is no longer in the grid)
     */
    public static Set<Period> of(YearMonth first, YearMonth last, Map<Period, Boolean> published,
                                 Set<YearMonth> monthsWithChange) {
        List<Period> grid = Period.overlapping(first, last);
        if (!grid.containsAll(published.keySet())) {
            return null;
        }
        Set<Period> changed = new LinkedHashSet<>();
        for (Period p : grid) {
            Boolean wasComplete = published.get(p);
            if (wasComplete == null || wasComplete != p.isCoveredBy(first, last) || holdsAny(p, monthsWithChange)) {
                changed.add(p);
            }
        }
        Set<Period> touched = new LinkedHashSet<>();
        for (Period p : grid) {
            if (changed.contains(p) || changed.contains(p.previousYear())) {
                touched.add(p);
            }
        }
        return touched;
    }

    private static boolean holdsAny(Period p, Set<YearMonth> months) {
        for (YearMonth m : months) {
            if (!m.atDay(1).isBefore(p.start()) && !m.atDay(1).isAfter(p.end())) {
                return true;
            }
        }
        return false;
    }
}
