package org.burdenwatch.validation.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.burdenwatch.records.Vocabulary;

/**
 * The oracle's parsers for the value formats of records.md: plain Java, no Spark, written apart
 * from the job's Catalyst expressions ({@code validation.ValueColumns}) so that each checks the
 * other. Each returns the parsed value or throws {@link InvalidValue} with a reason code. Whatever
 * the JVM's default time zone, a time without an offset is Asia/Shanghai wall-clock time.
 */
public final class OracleParsers {
    private OracleParsers() {
    }

    /** The zone every period is assigned in. */
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static final String DATE_PART =
            "(\\d{4})\\s*(?:[-/.]|年)\\s*(\\d{1,2})\\s*(?:[-/.]|月)\\s*(\\d{1,2})\\s*日?";
    private static final Pattern DATE = Pattern.compile("^" + DATE_PART + "$");
    private static final Pattern TIMESTAMP = Pattern.compile("^" + DATE_PART
            + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
            + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$");
    private static final Pattern DIVISION_CODE = Pattern.compile("^\\d{6}(\\d{3})?$");
    private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d+(?:\\.0+)?$");
    private static final Pattern GROUPED = Pattern.compile("^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$");
    private static final Pattern ASCII_DECIMAL = Pattern.compile("^[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?$");
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[;,、|；，]");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Trimmed text, or null when empty. */
    public static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        return t.isEmpty() ? null : t;
    }

    /** A date in one of the accepted forms, as days since 1970-01-01. */
    public static int date(String raw) throws InvalidValue {
        Matcher m = DATE.matcher(raw.strip());
        if (m.matches()) {
            try {
                return (int) LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).toEpochDay();
            } catch (DateTimeException e) {
                throw new InvalidValue("invalid_date");
            }
        }
        // Spreadsheets often write a date as a date-time at midnight: take its Shanghai calendar date.
        try {
            return (int) localDate(timestampMicros(raw));
        } catch (InvalidValue e) {
            throw new InvalidValue("invalid_date");
        }
    }

    /** A timestamp as microseconds since the epoch; without an offset it is Asia/Shanghai time. */
    public static long timestampMicros(String raw) throws InvalidValue {
        Matcher m = TIMESTAMP.matcher(raw.strip());
        if (!m.matches()) {
            throw new InvalidValue("invalid_timestamp");
        }
        try {
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            int nanos = 0;
            if (m.group(7) != null) {
                String frac = (m.group(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), hour, minute, second, nanos);
            String offset = m.group(8);
            Instant instant = offset == null
                    ? local.atZone(SHANGHAI).toInstant()
                    : local.toInstant(zoneOffset(offset));
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000L);
        } catch (DateTimeException | ArithmeticException e) {
            throw new InvalidValue("invalid_timestamp");
        }
    }

    private static ZoneOffset zoneOffset(String offset) {
        if (offset.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String o = offset.replace(":", "");
        int sign = o.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(o.substring(1, 3));
        int minutes = o.length() > 3 ? Integer.parseInt(o.substring(3, 5)) : 0;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** The Asia/Shanghai calendar date of an instant, as days since 1970-01-01. */
    public static long localDate(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        return instant.atZone(SHANGHAI).toLocalDate().toEpochDay();
    }

    /** The Asia/Shanghai wall-clock time of an instant, HH:mm:ss. */
    public static String localTime(long epochMicros) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        java.time.LocalTime t = instant.atZone(SHANGHAI).toLocalTime();
        return String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    public static boolean bool(String raw) throws InvalidValue {
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "y": case "yes": case "是":
                return true;
            case "false": case "0": case "n": case "no": case "否":
                return false;
            default:
                throw new InvalidValue("invalid_boolean");
        }
    }

    /** A whole number; "12.0" and "1,234" are accepted as spreadsheets write them. */
    public static long integer(String raw) throws InvalidValue {
        String s = raw.strip();
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (!INTEGER.matcher(s).matches()) {
            throw new InvalidValue("invalid_integer");
        }
        int dot = s.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? s : s.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new InvalidValue("invalid_integer");
        }
    }

    /** A finite decimal number; one trailing % is allowed and ignored (the field's unit is already percent). */
    public static double number(String raw) throws InvalidValue {
        String s = raw.strip();
        if (s.endsWith("%") || s.endsWith("％")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return finite(s);
    }

    private static double finite(String text) throws InvalidValue {
        String s = text;
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (!ASCII_DECIMAL.matcher(s).matches()) {
            throw new InvalidValue("invalid_number"); // BigDecimal would read full-width digits; integers do not
        }
        double v = new BigDecimal(s).doubleValue();
        if (!Double.isFinite(v)) {
            throw new InvalidValue("invalid_number"); // 1e309 does not fit a double
        }
        return v;
    }

    /** A share in [0, 1]: "0.7", or "70%" (exactly 70 / 100). */
    public static double share(String raw) throws InvalidValue {
        String s = raw.strip();
        boolean percent = s.endsWith("%") || s.endsWith("％");
        double v;
        if (percent) {
            String digits = s.substring(0, s.length() - 1).strip();
            if (GROUPED.matcher(digits).matches()) {
                digits = digits.replace(",", "");
            }
            if (!ASCII_DECIMAL.matcher(digits).matches()) {
                throw new InvalidValue("invalid_number");
            }
            v = new BigDecimal(digits).movePointLeft(2).doubleValue();
        } else {
            v = finite(s);
        }
        if (v < 0 || v > 1) {
            throw new InvalidValue("out_of_range");
        }
        return v;
    }

    /** A period label, normalised: 2024年上半年 → 2024-H1. */
    public static String period(String raw) throws InvalidValue {
        try {
            return org.burdenwatch.records.Period.parse(raw).label();
        } catch (IllegalArgumentException e) {
            throw new InvalidValue("invalid_period");
        }
    }

    public static String divisionCode(String raw) throws InvalidValue {
        String s = raw.strip();
        if (!DIVISION_CODE.matcher(s).matches()) {
            throw new InvalidValue("invalid_code");
        }
        return s;
    }

    public static String enumValue(String raw, Vocabulary vocabulary) throws InvalidValue {
        String v = vocabulary.canonical(raw);
        if (v == null) {
            throw new InvalidValue("invalid_enum");
        }
        return v;
    }

    /** A list of vocabulary values: a JSON array, or one string split on ; , 、 | (full-width too). */
    public static List<String> enumList(String raw, Vocabulary vocabulary) throws InvalidValue {
        List<String> items = new ArrayList<>();
        String s = raw.strip();
        if (s.startsWith("[")) {
            try {
                JsonNode array = JSON.readTree(s);
                if (!array.isArray()) {
                    throw new InvalidValue("invalid_enum");
                }
                for (JsonNode n : array) {
                    if (n.isNull()) {
                        continue; // nothing
                    }
                    // a nested object or array is not a value of the vocabulary
                    items.add(n.isValueNode() ? n.asText() : n.toString());
                }
            } catch (java.io.IOException e) {
                throw new InvalidValue("invalid_enum");
            }
        } else {
            items.addAll(List.of(LIST_SEPARATORS.split(s)));
        }
        Set<String> out = new LinkedHashSet<>();
        for (String item : items) {
            if (!item.isBlank()) {
                out.add(enumValue(item, vocabulary));
            }
        }
        return new ArrayList<>(out);
    }
}
