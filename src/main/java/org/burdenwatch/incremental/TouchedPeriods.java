package org.burdenwatch.incremental;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * What a run writes of the period tables over the grid of first..last: the tables are stored by
     * period type and year, so a touched period's whole type-year is computed again ({@code periods},
     * in grid order, and {@code typeYears}); the published type-years of the rest are kept
     * ({@code keptTypeYears}). {@code projectionMonthsKept}: the months of the year before the last
     * that are not computed, whose published rows the year-end projection of the last year reads.
     */
    public record Written(List<Period> periods, Set<Period.TypeYear> typeYears, Set<Period.TypeYear> keptTypeYears,
                          List<String> projectionMonthsKept) {
    }

    /** The periods written over the grid of first..last, given the periods touched (null: all). */
    public static Written written(YearMonth first, YearMonth last, Set<Period> touched) {
        List<Period> grid = Period.overlapping(first, last);
        Set<Period.TypeYear> touchedTypeYears = new TreeSet<>();
        if (touched != null) {
            touched.forEach(p -> touchedTypeYears.add(p.typeYear()));
        }
        List<Period> periods = new ArrayList<>();
        Set<Period.TypeYear> written = new TreeSet<>();
        Set<Period.TypeYear> kept = new TreeSet<>();
        for (Period p : grid) {
            if (touched == null || touchedTypeYears.contains(p.typeYear())) {
                periods.add(p);
                written.add(p.typeYear());
            }
        }
        for (Period p : grid) {
            if (!written.contains(p.typeYear())) {
                kept.add(p.typeYear());
            }
        }
        List<String> projectionMonthsKept = new ArrayList<>();
        for (Period p : grid) {
            if (p.type().equals(Period.MONTH) && p.start().getYear() == last.getYear() - 1 && !periods.contains(p)) {
                projectionMonthsKept.add(p.label());
            }
        }
        return new Written(periods, written, kept, projectionMonthsKept);
    }
}
