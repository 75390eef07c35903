package org.burdenwatch.validation.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.burdenwatch.records.Vocabularies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OracleParsersTest {
    private static int day(String iso) {
        return (int) LocalDate.parse(iso).toEpochDay();
    }

    private static long micros(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000L;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", " 2024-3-5 ", "2024-03-05 00:00:00"})
    void acceptsEveryDateForm(String text) throws InvalidValue {
        assertEquals(day("2024-03-05"), OracleParsers.date(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2024-13-01", "05/03/2024", "March 5", "2024-03", "yesterday"})
    void rejectsImpossibleOrForeignDates(String text) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> OracleParsers.date(text));
        assertEquals("invalid_date", e.reason());
    }

    @Test
    void timestampsWithAnOffsetKeepTheirInstant() throws InvalidValue {
        assertEquals(micros("2024-06-30T17:00:00Z"), OracleParsers.timestampMicros("2024-06-30T17:00:00Z"));
        assertEquals(micros("2024-06-30T01:30:00Z"), OracleParsers.timestampMicros("2024-06-30T09:30:00+08:00"));
        assertEquals(micros("2024-06-30T01:30:00Z"), OracleParsers.timestampMicros("2024-06-30T09:30:00+0800"));
        assertEquals(micros("2024-06-30T14:30:00Z"), OracleParsers.timestampMicros("2024-06-30T09:30-05:00"));
        assertEquals(micros("2024-06-30T17:00:00.250Z"), OracleParsers.timestampMicros("2024-06-30T17:00:00.25Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-06-30 09:30", "2024-06-30 09:30:00", "2024/6/30 9:30", "2024-06-30T09:30:00",
        "2024年6月30日 9:30"})
    void timestampsWithoutAnOffsetAreShanghaiTime(String text) throws InvalidValue {
        assertEquals(micros("2024-06-30T01:30:00Z"), OracleParsers.timestampMicros(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-13-01 09:00", "2024-06-30 25:00", "2024-06-30 9", "noon", "2024-06-30T09:30:00+25:00"})
    void rejectsBadTimestamps(String text) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> OracleParsers.timestampMicros(text));
        assertEquals("invalid_timestamp", e.reason());
    }

    @Test
    void localDateIsTheShanghaiCalendarDate() throws InvalidValue {
        // 16:30 UTC on 30 June is 00:30 on 1 July in Shanghai: the second half-year
        assertEquals(day("2024-07-01"), OracleParsers.localDate(OracleParsers.timestampMicros("2024-06-30T16:30:00Z")));
        assertEquals(day("2024-06-30"), OracleParsers.localDate(OracleParsers.timestampMicros("2024-06-30T15:59:59Z")));
        // 16:00 UTC on 31 December is midnight on 1 January: the next year
        assertEquals(day("2025-01-01"), OracleParsers.localDate(OracleParsers.timestampMicros("2024-12-31T16:00:00Z")));
        assertEquals(day("2024-12-31"), OracleParsers.localDate(OracleParsers.timestampMicros("2024-12-31T15:59:00Z")));
        // before 1970 the floor division must not shift the day
        assertEquals(day("1969-12-31"), OracleParsers.localDate(OracleParsers.timestampMicros("1969-12-31T00:00:00+08:00")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "Y", "y", "yes", "Yes", "是"})
    void trueForms(String text) throws InvalidValue {
        assertTrue(OracleParsers.bool(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "0", "N", "no", "否"})
    void falseForms(String text) throws InvalidValue {
        assertFalse(OracleParsers.bool(text));
    }

    @Test
    void rejectsOtherBooleans() {
        assertEquals("invalid_boolean", assertThrows(InvalidValue.class, () -> OracleParsers.bool("也许")).reason());
        assertEquals("invalid_boolean", assertThrows(InvalidValue.class, () -> OracleParsers.bool("2")).reason());
    }

    @Test
    void integersAsSpreadsheetsWriteThem() throws InvalidValue {
        assertEquals(12, OracleParsers.integer("12"));
        assertEquals(12, OracleParsers.integer("12.0"));
        assertEquals(1234, OracleParsers.integer("1,234"));
        assertEquals(-3, OracleParsers.integer("-3"));
        for (String bad : List.of("12.5", "abc", "1,23", "99999999999999999999")) {
            assertEquals("invalid_integer", assertThrows(InvalidValue.class, () -> OracleParsers.integer(bad)).reason());
        }
    }

    @Test
    void sharesAcceptPercentages() throws InvalidValue {
        assertEquals(0.7, OracleParsers.share("70%"), 1e-12);
        assertEquals(0.725, OracleParsers.share("72.5%"), 1e-12);
        assertEquals(0.7, OracleParsers.share("0.7"), 1e-12);
        assertEquals("out_of_range", assertThrows(InvalidValue.class, () -> OracleParsers.share("170%")).reason());
        assertEquals("invalid_number", assertThrows(InvalidValue.class, () -> OracleParsers.share("七成")).reason());
    }

    @Test
    void divisionCodesKeepTheirDigits() throws InvalidValue {
        assertEquals("533401", OracleParsers.divisionCode(" 533401 "));
        assertEquals("533401101", OracleParsers.divisionCode("533401101"));
        assertEquals("invalid_code", assertThrows(InvalidValue.class, () -> OracleParsers.divisionCode("5334")).reason());
        assertEquals("invalid_code", assertThrows(InvalidValue.class, () -> OracleParsers.divisionCode("53340A")).reason());
    }

    @Test
    void enumsAcceptEnglishAndChinese() throws InvalidValue {
        assertEquals("county", OracleParsers.enumValue("县级市", Vocabularies.LEVEL));
        assertEquals("county", OracleParsers.enumValue("County", Vocabularies.LEVEL));
        assertEquals("township", OracleParsers.enumValue("街道", Vocabularies.LEVEL));
        assertEquals("prefecture", OracleParsers.enumValue("州", Vocabularies.LEVEL));
        assertEquals("video", OracleParsers.enumValue("视频", Vocabularies.MEETING_FORMAT));
        assertEquals("work_group", OracleParsers.enumValue("工作群", Vocabularies.PLATFORM_KIND));
        assertEquals("invalid_enum",
                assertThrows(InvalidValue.class, () -> OracleParsers.enumValue("微博", Vocabularies.PLATFORM_KIND)).reason());
    }

    @Test
    void featureListsInEveryForm() throws InvalidValue {
        List<String> expected = List.of("checkin", "ranking");
        assertEquals(expected, OracleParsers.enumList("[\"checkin\",\"排名\"]", Vocabularies.PLATFORM_FEATURE));
        assertEquals(expected, OracleParsers.enumList("打卡;排名", Vocabularies.PLATFORM_FEATURE));
        assertEquals(expected, OracleParsers.enumList("打卡、排名", Vocabularies.PLATFORM_FEATURE));
        assertEquals(expected, OracleParsers.enumList("checkin, ranking", Vocabularies.PLATFORM_FEATURE));
        assertEquals(expected, OracleParsers.enumList("checkin|ranking|checkin", Vocabularies.PLATFORM_FEATURE));
        assertEquals(List.of(), OracleParsers.enumList("[]", Vocabularies.PLATFORM_FEATURE));
        assertEquals("invalid_enum", assertThrows(InvalidValue.class,
                () -> OracleParsers.enumList("打卡;点赞", Vocabularies.PLATFORM_FEATURE)).reason());
    }
}
