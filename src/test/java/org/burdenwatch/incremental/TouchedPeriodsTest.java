package org.burdenwatch.incremental;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.burdenwatch.records.Period;
import org.junit.jupiter.api.Test;

class TouchedPeriodsTest {
    private static Map<Period, Boolean> published(String first, String last) {
        Map<Period, Boolean> out = new HashMap<>();
        YearMonth a = YearMonth.parse(first);
        YearMonth b = YearMonth.parse(last);
        for (Period p : Period.overlapping(a, b)) {
            out.put(p, p.isCoveredBy(a, b));
        }
        return out;
    }

    private static List<String> labels(Set<Period> periods) {
        return periods.stream().map(Period::label).sorted().toList();
    }

    @Test
    void aMonthWithNewRecordsTouchesItsPeriodsAndTheSamePeriodsAYearLater() {
        Set<Period> touched = TouchedPeriods.of(YearMonth.parse("2023-01"), YearMonth.parse("2024-12"),
                published("2023-01", "2024-12"), Set.of(YearMonth.parse("2023-05")));
        assertEquals(List.of("2023", "2023-05", "2023-H1", "2023-Q2", "2024", "2024-05", "2024-H1", "2024-Q2"),
                labels(touched));
    }

    @Test
    void aNewMonthAtTheEndTouchesTheNewPeriodsAndThoseThatBecameComplete() {
        // 2023-01 … 2023-12 published; 2024-01 arrives: 2024's periods are new, no 2023 period changes
        Set<Period> touched = TouchedPeriods.of(YearMonth.parse("2023-01"), YearMonth.parse("2024-01"),
                published("2023-01", "2023-12"), Set.of(YearMonth.parse("2024-01")));
        assertEquals(List.of("2024", "2024-01", "2024-H1", "2024-Q1"), labels(touched));
        // 2023-01 … 2023-02 published; 2023-03 completes Q1
        touched = TouchedPeriods.of(YearMonth.parse("2023-01"), YearMonth.parse("2023-03"),
                published("2023-01", "2023-02"), Set.of());
        assertEquals(List.of("2023-03", "2023-Q1"), labels(touched));
    }

    @Test
    void nothingNewTouchesNothingAndAShrunkGridMeansEverything() {
        assertEquals(List.of(), labels(TouchedPeriods.of(YearMonth.parse("2023-01"), YearMonth.parse("2023-12"),
                published("2023-01", "2023-12"), Set.of())));
        assertNull(TouchedPeriods.of(YearMonth.parse("2023-02"), YearMonth.parse("2023-12"),
                published("2023-01", "2023-12"), Set.of()));
    }

    @Test
    void aTouchedPeriodRewritesItsWholeTypeYearAndKeepsTheOthers() {
        // 2023-01 … 2024-06; only 2024-05 touched: the months and quarters of 2024 are written again,
        // every other type-year is kept, and the projection of 2024 reads 2023's months as published
        Set<Period> touched = Set.of(Period.month(2024, 5), Period.quarter(2024, 2));
        TouchedPeriods.Written w = TouchedPeriods.written(YearMonth.parse("2023-01"), YearMonth.parse("2024-06"), touched);
        assertEquals(Set.of(new Period.TypeYear("month", 2024), new Period.TypeYear("quarter", 2024)), w.typeYears());
        assertEquals(List.of("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-Q1", "2024-Q2"),
                w.periods().stream().map(Period::label).sorted().toList());
        assertEquals(Set.of(new Period.TypeYear("month", 2023), new Period.TypeYear("quarter", 2023),
                new Period.TypeYear("half", 2023), new Period.TypeYear("half", 2024), new Period.TypeYear("year", 2023),
                new Period.TypeYear("year", 2024)), w.keptTypeYears());
        assertEquals(12, w.projectionMonthsKept().size());
        assertEquals("2023-01", w.projectionMonthsKept().get(0));

        TouchedPeriods.Written all = TouchedPeriods.written(YearMonth.parse("2023-01"), YearMonth.parse("2024-06"), null);
        assertEquals(Period.overlapping(YearMonth.parse("2023-01"), YearMonth.parse("2024-06")), all.periods());
        assertEquals(Set.of(), all.keptTypeYears());
        assertEquals(List.of(), all.projectionMonthsKept());
    }
}
