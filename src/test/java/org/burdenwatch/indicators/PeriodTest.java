package org.burdenwatch.indicators;

import org.burdenwatch.records.Period;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeriodTest {
    /**
     * The suite's zone checks only mean something when the JVM is not on Shanghai's time: the pom
     * puts it in America/Los_Angeles, .ci/run again in Pacific/Kiritimati through TZ. A run on
     * Shanghai's offset (a developer's machine with -Dtest.timezone=) is told so.
     */
    @Test
    void theTestJvmRunsAwayFromShanghaisOffset() {
        Instant now = Instant.now();
        assertFalse(ZoneId.systemDefault().getRules().getOffset(now).equals(ZoneId.of("Asia/Shanghai").getRules().getOffset(now)),
                "the test JVM's zone " + ZoneId.systemDefault() + " has Shanghai's offset: its time-zone checks prove nothing");
    }

    @Test
    void labelsAndBounds() {
        LocalDate d = LocalDate.of(2024, 6, 30);
        assertEquals(Period.month(2024, 6), Period.of(Period.MONTH, d));
        assertEquals("2024-06", Period.of(Period.MONTH, d).label());
        assertEquals("2024-Q2", Period.of(Period.QUARTER, d).label());
        assertEquals("2024-H1", Period.of(Period.HALF, d).label());
        assertEquals("2024", Period.of(Period.YEAR, d).label());
        assertEquals(LocalDate.of(2024, 6, 30), Period.half(2024, 1).end());
        assertEquals(LocalDate.of(2024, 7, 1), Period.of(Period.HALF, LocalDate.of(2024, 7, 1)).start());
        assertEquals(LocalDate.of(2024, 2, 29), Period.month(2024, 2).end());
    }

    @Test
    void sameperiodOfThePreviousYear() {
        assertEquals("2023-H1", Period.parse("2024-H1").previousYear().label());
        assertEquals("2023-02", Period.parse("2024-02").previousYear().label());
        assertEquals("2023-Q4", Period.parse("2024-Q4").previousYear().label());
        assertEquals("2023", Period.parse("2024").previousYear().label());
    }

    @Test
    void parsesEveryLabelForm() {
        assertEquals(Period.half(2024, 1), Period.parse("2024年上半年"));
        assertEquals(Period.half(2024, 2), Period.parse("2024年下半年"));
        assertEquals(Period.quarter(2024, 2), Period.parse("2024-Q2"));
        assertEquals(Period.month(2024, 6), Period.parse("2024-06"));
        assertEquals(Period.year(2024), Period.parse(" 2024 "));
        assertThrows(IllegalArgumentException.class, () -> Period.parse("2024-13"));
        assertThrows(IllegalArgumentException.class, () -> Period.parse("2024-H3"));
    }

    @Test
    void periodsOverlappingTheCoveredMonths() {
        List<Period> periods = Period.overlapping(YearMonth.of(2023, 11), YearMonth.of(2024, 2));
        assertEquals(List.of("2023-11", "2023-12", "2024-01", "2024-02", "2023-Q4", "2024-Q1", "2023-H2", "2024-H1",
                "2023", "2024"), periods.stream().map(Period::label).toList());
        assertTrue(Period.quarter(2023, 4).isCoveredBy(YearMonth.of(2023, 10), YearMonth.of(2024, 2)));
        assertFalse(Period.quarter(2024, 1).isCoveredBy(YearMonth.of(2023, 10), YearMonth.of(2024, 2)));
    }
}
