package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.btrim;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.ValueKind;
import org.burdenwatch.records.Vocabulary;

/**
 * The value formats of records.md as Catalyst expressions: each kind of field turns its text into
 * a typed value, or into a reason code when the text is given but not valid. Spark evaluates them
 * with whole-stage code generation; the common forms take a fast path that Spark's own casts
 * decide (guarded by the accepted grammar, since Spark's casts accept more), the rarer forms a
 * path through regular expressions.
 *
 * <p>Times without an offset are Asia/Shanghai wall-clock time: the session time zone must be
 * Asia/Shanghai ({@link #ZONE}), which {@link RecordValidation} checks.
 */
public final class ValueColumns {
    private ValueColumns() {
    }

    /** The zone every time without an offset is read in, and every period assigned in. */
    public static final String ZONE = "Asia/Shanghai";

    /** The characters Java's {@code String.strip()} removes (Character.isWhitespace): text is trimmed of these. */
    public static final String WHITESPACE = "\t\n\u000B\f\r\u001C\u001D\u001E\u001F \u1680\u2000\u2001\u2002\u2003"
            + "\u2004\u2005\u2006\u2008\u2009\u200A\u2028\u2029\u205F\u3000";

    static final String DATE_PART = "(\\d{4})\\s*(?:[-/.]|年)\\s*(\\d{1,2})\\s*(?:[-/.]|月)\\s*(\\d{1,2})\\s*日?";
    static final String DATE = "^" + DATE_PART + "$";
    static final String TIMESTAMP = "^" + DATE_PART
            + "(?:(?:[Tt]|\\s+)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$";
    /** The forms Spark's own cast reads exactly as the accepted grammar does. */
    private static final String DATE_FAST = "^\\d{4}-\\d{1,2}-\\d{1,2}$";
    private static final String TIMESTAMP_FAST = "^\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}"
            + "(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}(?::?\\d{2})?)?)?)?$";
    private static final String DIVISION_CODE = "^\\d{6}(\\d{3})?$";
    private static final String INTEGER = "^[+-]?\\d+(?:\\.0+)?$";
    private static final String GROUPED = "^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?$";
    private static final String DECIMAL = "^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$";
    private static final String LIST_SEPARATORS = "[;,、|；，]";
    private static final List<String> TRUE = List.of("true", "1", "y", "yes", "是");
    private static final List<String> FALSE = List.of("false", "0", "n", "no", "否");

    /** Every {@link #WHITESPACE} character is at most this one or within the range below. */
    static final char WHITESPACE_LOW_MAX = ' ';
    static final char WHITESPACE_HIGH_MIN = '\u1680';
    static final char WHITESPACE_HIGH_MAX = '\u3000';

    /** Text trimmed of white space; null when nothing is left. */
    public static Column text(Column raw) {
        // trim with a set of characters copies each leading character and builds two arrays the
        // length of the value (2M platform tasks: 20% of their validation's CPU); most values have no
        // white space at either end, which their first and last characters show. The last one is read
        // from the UTF-8 bytes: the last character of a text counts the characters before it twice
        // (12% of the same validation); a white-space character ends in a byte up to U+0020 or in the
        // three bytes of U+1680..U+3000, which UTF-8 keeps in order
        Column edges = mayBeWhitespace(functions.substring(raw, 1, 1)).or(mayEndInWhitespace(raw));
        Column t = when(edges, btrim(raw, lit(WHITESPACE))).otherwise(raw);
        return when(octet_length(t).gt(0), t);
    }

    private static final byte[] LOW_MAX_BYTES = String.valueOf(WHITESPACE_LOW_MAX).getBytes(StandardCharsets.UTF_8);
    private static final byte[] HIGH_MIN_BYTES = String.valueOf(WHITESPACE_HIGH_MIN).getBytes(StandardCharsets.UTF_8);
    private static final byte[] HIGH_MAX_BYTES = String.valueOf(WHITESPACE_HIGH_MAX).getBytes(StandardCharsets.UTF_8);

    /** False when the text's last character is not white space; true when it may be (or the text is empty). */
    private static Column mayEndInWhitespace(Column raw) {
        Column bytes = raw.cast(DataTypes.BinaryType);
        return functions.substring(bytes, -1, 1).leq(lit(LOW_MAX_BYTES))
                .or(functions.substring(bytes, -HIGH_MIN_BYTES.length, HIGH_MIN_BYTES.length)
                        .between(lit(HIGH_MIN_BYTES), lit(HIGH_MAX_BYTES)));
    }

    /** False when the character (a one-character text) is not white space; true when it may be. */
    private static Column mayBeWhitespace(Column character) {
        return character.leq(String.valueOf(WHITESPACE_LOW_MAX))
                .or(character.between(String.valueOf(WHITESPACE_HIGH_MIN), String.valueOf(WHITESPACE_HIGH_MAX)));
    }

    /**
     * A field's value from its trimmed text {@code t} (a column, so that each expression stays
     * small): typed, or null when the text is not valid for its kind. Bounds are not checked here
     * ({@link #outOfRange}).
     */
    public static Column candidate(Field field, Column t, ValidationContext context) {
        switch (field.kind()) {
            case TEXT:
                return t;
            case DIVISION_CODE:
                return when(t.rlike(DIVISION_CODE), t);
            case DATE:
                return date(t);
            case TIMESTAMP:
                return timestamp(t);
            case BOOLEAN:
                Column lower = lower(t);
                return when(lower.isin(TRUE.toArray()), lit(true)).when(lower.isin(FALSE.toArray()), lit(false));
            case INTEGER:
                return integer(t);
            case NUMBER:
                return number(withoutPercent(t));
            case SHARE:
                return share(t);
            case PERIOD:
                return period(t);
            case ENUM:
                return try_element_at(spellings(field.vocabulary()), lower(t));
            case ENUM_LIST:
                return enumList(t, field.vocabulary());
            case INDICATOR:
                return when(t.isin(context.indicatorNames().toArray()), t);
            default:
                throw new IllegalStateException("no parser for " + field.kind());
        }
    }

    /** The reason code of a text that is not valid for the field's kind. */
    public static String invalid(Field field) {
        return switch (field.kind()) {
            case DIVISION_CODE -> "invalid_code";
            case DATE -> "invalid_date";
            case TIMESTAMP -> "invalid_timestamp";
            case BOOLEAN -> "invalid_boolean";
            case INTEGER -> "invalid_integer";
            case NUMBER, SHARE -> "invalid_number";
            case PERIOD -> "invalid_period";
            case ENUM, ENUM_LIST -> "invalid_enum";
            case INDICATOR -> "unknown_indicator";
            default -> "invalid";
        };
    }

    /**
     * True when a valid value is out of range: outside the field's bounds, a share outside [0, 1],
     * a date (or a timestamp's Asia/Shanghai day) outside the window of plausible dates.
     */
    public static Column outOfRange(Field field, Column v, ValidationContext context) {
        Column outside = lit(false);
        switch (field.kind()) {
            case INTEGER:
                if (field.min() != null) {
                    outside = outside.or(v.lt(field.min()));
                }
                if (field.max() != null) {
                    outside = outside.or(v.gt(field.max()));
                }
                break;
            case SHARE:
                outside = v.lt(0).or(v.gt(1));
                break;
            case DATE:
            case TIMESTAMP:
                Column day = field.kind() == ValueKind.DATE ? v : to_date(v);
                outside = day.lt(lit(context.earliestDate())).or(day.gt(lit(context.latestDate())));
                break;
            default:
                break;
        }
        return coalesce(outside, lit(false));
    }

    /** A date as Spark reads 2024-03-05 or 2024-3-5, else one of the other forms, else a date-time's Shanghai day. */
    static Column date(Column t) {
        Column fast = when(t.rlike(DATE_FAST), t.try_cast(DataTypes.DateType));
        Column other = when(t.rlike(DATE), regexp_replace(t, DATE, "$1-$2-$3").try_cast(DataTypes.DateType));
        // spreadsheets write a date as a date-time at midnight: its Asia/Shanghai day
        return coalesce(fast, other, to_date(timestamp(t)));
    }

    /**
     * An instant; without an offset, Asia/Shanghai wall-clock time (the session zone). The forms
     * Spark's cast does not read are first rewritten into one it does (a whole time, seconds before
     * any offset, which Spark's cast requires), by a chain of replacements.
     */
    static Column timestamp(Column t) {
        Column fast = when(t.rlike(TIMESTAMP_FAST), t.try_cast(DataTypes.TimestampType));
        Column c = regexp_replace(t, TIMESTAMP, "$1-$2-$3 $4:$5:$6.$7|$8");
        c = regexp_replace(c, " ::\\.\\|", " 00:00:00|");              // no time
        c = regexp_replace(c, "(\\d:\\d{2}):\\.", "$1:00.");             // no seconds
        c = regexp_replace(c, "\\.\\|", "|");                            // no fraction
        c = upper(regexp_replace(c, "\\|", ""));                         // z → Z
        Column other = when(t.rlike(TIMESTAMP), c.try_cast(DataTypes.TimestampType));
        return coalesce(fast, other);
    }

    /** A whole number; "12.0" and "1,234" are read as spreadsheets write them. */
    static Column integer(Column t) {
        Column fast = t.try_cast(DataTypes.LongType);
        Column plain = when(t.rlike(GROUPED), regexp_replace(t, ",", "")).otherwise(t);
        Column other = when(plain.rlike(INTEGER), regexp_replace(plain, "\\.0+$", "").try_cast(DataTypes.LongType));
        return coalesce(fast, other);
    }

    /** Text without one trailing % or ％ (and the white space before it). */
    static Column withoutPercent(Column t) {
        return when(t.endsWith("%").or(t.endsWith("％")), btrim(t.substr(lit(1), length(t).minus(1)), lit(WHITESPACE)))
                .otherwise(t);
    }

    /** A finite decimal number, digit groups allowed. */
    static Column number(Column s) {
        Column plain = when(s.rlike(GROUPED), regexp_replace(s, ",", "")).otherwise(s);
        Column v = when(plain.rlike(DECIMAL), plain.try_cast(DataTypes.DoubleType));
        return when(functions.isnan(v).or(v.equalTo(Double.POSITIVE_INFINITY)).or(v.equalTo(Double.NEGATIVE_INFINITY))
                .unary_$bang(), v);
    }

    /** A share: 0.72, or 72% (exactly 72 / 100); its range is checked by {@link #outOfRange}. */
    private static Column share(Column t) {
        Column percent = t.endsWith("%").or(t.endsWith("％"));
        Column s = withoutPercent(t);
        Column plain = when(s.rlike(GROUPED), regexp_replace(s, ",", "")).otherwise(s);
        Column hundredths = when(plain.rlike(DECIMAL),
                plain.try_cast(DataTypes.createDecimalType(38, 18)).divide(lit(100)).cast(DataTypes.DoubleType));
        return when(percent, hundredths).otherwise(number(s));
    }

    /** A period label, normalised: 2024, 2024-06, 2024-Q2, 2024-H1, and 2024年上半年 → 2024-H1. */
    static Column period(Column t) {
        String chinese = "^(\\d{4})\\s*年?\\s*(上|下)半年$";
        return when(t.rlike("^\\d{4}(?:-(?:0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$"), t)
                .when(t.rlike(chinese), functions.translate(regexp_replace(t, chinese, "$1-H$2"), "上下", "12"));
    }

    private static Column spellings(Vocabulary vocabulary) {
        List<Column> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : vocabulary.spellings().entrySet()) {
            kv.add(lit(e.getKey()));
            kv.add(lit(e.getValue()));
        }
        return functions.map(kv.toArray(new Column[0]));
    }

    /**
     * Several values of a vocabulary: a JSON array, or one string split on ; , 、 | (full-width
     * too); null when any element is not a value of the vocabulary.
     */
    private static Column enumList(Column t, Vocabulary vocabulary) {
        Column items = when(t.startsWith("["), from_json(t, DataTypes.createArrayType(DataTypes.StringType)))
                .otherwise(split(t, LIST_SEPARATORS));
        Column given = filter(items, x -> x.isNotNull().and(length(btrim(x, lit(WHITESPACE))).gt(0)));
        Column mapped = transform(given, x -> try_element_at(spellings(vocabulary), lower(btrim(x, lit(WHITESPACE)))));
        return when(items.isNotNull().and(exists(mapped, Column::isNull).unary_$bang()), array_distinct(mapped));
    }
}
