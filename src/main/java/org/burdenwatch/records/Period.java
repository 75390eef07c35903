package org.burdenwatch.records;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a month ({@code 2024-06}), quarter ({@code 2024-Q2}), half-year
 * ({@code 2024-H1}, 上半年) or year ({@code 2024}), with inclusive start and end dates.
 */
public record Period(String type, String label, LocalDate start, LocalDate end) {
    public static final String MONTH = "month";
    public static final String QUARTER = "quarter";
    public static final String HALF = "half";
    public static final String YEAR = "year";
    public static final List<String> TYPES = List.of(MONTH, QUARTER, HALF, YEAR);

    private static final Pattern LABEL = Pattern.compile(
            "^(\\d{4})(?:-(\\d{2})|-Q([1-4])|-H([12]))?$");
    private static final Pattern CHINESE_HALF = Pattern.compile("^(\\d{4})\\s*年?\\s*(上|下)半年$");

    public static Period month(int year, int month) {
        YearMonth ym = YearMonth.of(year, month);
        return new Period(MONTH, String.format("%04d-%02d", year, month), ym.atDay(1), ym.atEndOfMonth());
    }

    public static Period quarter(int year, int quarter) {
        LocalDate start = LocalDate.of(year, 3 * (quarter - 1) + 1, 1);
        return new Period(QUARTER, year + "-Q" + quarter, start, start.plusMonths(3).minusDays(1));
    }

    public static Period half(int year, int half) {
        LocalDate start = LocalDate.of(year, half == 1 ? 1 : 7, 1);
        return new Period(HALF, year + "-H" + half, start, start.plusMonths(6).minusDays(1));
    }

    public static Period year(int year) {
        return new Period(YEAR, Integer.toString(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** The period of this type that holds a date. */
    public static Period of(String type, LocalDate date) {
        switch (type) {
            case MONTH:
                return month(date.getYear(), date.getMonthValue());
            case QUARTER:
                return quarter(date.getYear(), (date.getMonthValue() - 1) / 3 + 1);
            case HALF:
                return half(date.getYear(), date.getMonthValue() <= 6 ? 1 : 2);
            case YEAR:
                return year(date.getYear());
            default:
                throw new IllegalArgumentException("unknown period type " + type);
        }
    }

    /** The same period of the previous year (同期). */
    public Period previousYear() {
        return of(type, start.minusYears(1));
    }

    /** Parses a label: 2024, 2024-H1, 2024-Q2, 2024-06, or 2024年上半年 / 2024年下半年. */
    public static Period parse(String label) {
        String s = label.strip();
        Matcher chinese = CHINESE_HALF.matcher(s);
        if (chinese.matches()) {
            return half(Integer.parseInt(chinese.group(1)), "上".equals(chinese.group(2)) ? 1 : 2);
        }
        Matcher m = LABEL.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a period: " + label);
        }
        int year = Integer.parseInt(m.group(1));
        if (m.group(2) != null) {
            int month = Integer.parseInt(m.group(2));
            if (month < 1 || month > 12) {
                throw new IllegalArgumentException("not a period: " + label);
            }
            return month(year, month);
        }
        if (m.group(3) != null) {
            return quarter(year, Integer.parseInt(m.group(3)));
        }
        if (m.group(4) != null) {
            return half(year, Integer.parseInt(m.group(4)));
        }
        return year(year);
    }

    /** True when the period lies wholly within the months first..last. */
    public boolean isCoveredBy(YearMonth first, YearMonth last) {
        return !start.isBefore(first.atDay(1)) && !end.isAfter(last.atEndOfMonth());
    }

    /**
     * Every month, quarter, half-year and year that overlaps the months first..last, in order of
     * type then start.
     */
    public static List<Period> overlapping(YearMonth first, YearMonth last) {
        List<Period> out = new ArrayList<>();
        for (String type : TYPES) {
            Period p = of(type, first.atDay(1));
            while (!p.start().isAfter(last.atEndOfMonth())) {
                out.add(p);
                p = of(type, p.end().plusDays(1));
            }
        }
        return out;
    }

    /**
     * The periods of one type that start in one year: the unit the period tables are stored and
     * rewritten in ({@code month} of 2024: the twelve months of 2024).
     */
    public record TypeYear(String type, int year) implements Comparable<TypeYear> {
        @Override
        public int compareTo(TypeYear o) {
            int byType = type.compareTo(o.type);
            return byType != 0 ? byType : Integer.compare(year, o.year);
        }
    }

    /** The type and year this period is stored under. */
    public TypeYear typeYear() {
        return new TypeYear(type, start.getYear());
    }
}
