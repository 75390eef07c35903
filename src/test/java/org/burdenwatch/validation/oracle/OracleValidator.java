package org.burdenwatch.validation.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.burdenwatch.input.RawRecord;
import org.burdenwatch.input.RawRecordReader;
import org.burdenwatch.records.DivisionRole;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordRule;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.Vocabularies;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.ValidationContext;

/**
 * The oracle: validation written row by row in plain Java, independently of the Catalyst
 * expressions the job runs ({@code validation.RecordValidation}). Every field parsed by its kind,
 * every division reference and rule checked, every broken rule kept as a reason code in field
 * order. The tests give both the same records and require the same reasons and values.
 */
public final class OracleValidator {
    public static final String MISSING_REQUIRED = "missing_required";
    public static final String OUT_OF_RANGE = "out_of_range";

    /** The cross-field rules, in Java: a record keeps the rule when the predicate holds. */
    private static final Map<String, Predicate<Values>> RULES = Map.of(
            "code_length_mismatch", r -> r.text("code").length() == (Vocabularies.TOWNSHIP.equals(r.text("level")) ? 9 : 6),
            "missing_parent", r -> r.text("parent_code") != null || Vocabularies.PREFECTURE.equals(r.text("level")),
            "grassroots_exceeds_attendees", r -> r.integer("grassroots_attendees") <= r.integer("attendees"),
            "retired_before_launched", r -> r.epochDay("retired_on") >= r.epochDay("launched_on"),
            "grassroots_exceeds_members", r -> r.integer("grassroots_members") <= r.integer("members"));

    /**
     * A validated record: reasons in order, and the parsed values (String, Integer epoch day, Long
     * epoch micros for timestamps, Long, Double, Boolean, List&lt;String&gt;; null when absent or invalid).
     */
    public record Validated(List<String> reasons, Object[] values, String naturalKey) {
    }

    private final RecordType type;
    private final ValidationContext context;
    private final DivisionDirectory divisions;
    private final int earliestDay;
    private final int latestDay;

    public OracleValidator(RecordType type, ValidationContext context) {
        this.type = type;
        this.context = context;
        this.divisions = context.divisions();
        this.earliestDay = (int) context.earliestDate().toEpochDay();
        this.latestDay = (int) context.latestDate().toEpochDay();
    }

    public Validated validate(RawRecord raw) {
        List<Field> fields = type.fields();
        Object[] values = new Object[fields.size()];
        List<String> reasons = new ArrayList<>(raw.problems());
        if (raw.problems().contains(RawRecordReader.MALFORMED_JSON)
                || raw.problems().contains(RawRecordReader.UNTERMINATED_QUOTE)) {
            // no fields could be read: listing every field as missing would only bury the reason
            return new Validated(reasons, values, naturalKey(values));
        }
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            String text = OracleParsers.text(raw.values()[i]);
            if (text == null) {
                text = field.defaultValue();
            }
            if (text == null) {
                if (field.isRequired()) {
                    reasons.add(MISSING_REQUIRED + ":" + field.name());
                }
                continue;
            }
            try {
                values[i] = parse(field, text);
            } catch (InvalidValue e) {
                reasons.add(e.reason() + ":" + field.name());
            }
        }
        if (type != RecordType.DIVISIONS) {
            checkDivisionReferences(values, reasons);
        }
        Values record = new Values(type, values);
        for (RecordRule rule : type.rules()) {
            Predicate<Values> holds = RULES.get(rule.reason());
            if (holds == null) {
                throw new IllegalStateException("the oracle has no implementation of rule " + rule.reason());
            }
            if (rule.fields().stream().allMatch(f -> record.get(f) != null) && !holds.test(record)) {
                reasons.add(rule.reason());
            }
        }
        return new Validated(reasons, values, naturalKey(values));
    }

    private Object parse(Field field, String text) throws InvalidValue {
        switch (field.kind()) {
            case TEXT:
                return text;
            case DIVISION_CODE:
                return OracleParsers.divisionCode(text);
            case DATE:
                return plausible(OracleParsers.date(text));
            case TIMESTAMP:
                long micros = OracleParsers.timestampMicros(text);
                plausible((int) OracleParsers.localDate(micros));
                return micros;
            case BOOLEAN:
                return OracleParsers.bool(text);
            case INTEGER:
                long v = OracleParsers.integer(text);
                if ((field.min() != null && v < field.min()) || (field.max() != null && v > field.max())) {
                    throw new InvalidValue(OUT_OF_RANGE);
                }
                return v;
            case NUMBER:
                return OracleParsers.number(text);
            case SHARE:
                return OracleParsers.share(text);
            case PERIOD:
                return OracleParsers.period(text);
            case ENUM:
                return OracleParsers.enumValue(text, field.vocabulary());
            case ENUM_LIST:
                return OracleParsers.enumList(text, field.vocabulary());
            case INDICATOR:
                if (!context.indicatorNames().contains(text)) {
                    throw new InvalidValue("unknown_indicator");
                }
                return text;
            default:
                throw new IllegalStateException("no parser for " + field.kind());
        }
    }

    private int plausible(int epochDay) throws InvalidValue {
        if (epochDay < earliestDay || epochDay > latestDay) {
            throw new InvalidValue(OUT_OF_RANGE);
        }
        return epochDay;
    }

    private void checkDivisionReferences(Object[] values, List<String> reasons) {
        String county = null;
        for (int i = 0; i < values.length; i++) {
            Field field = type.fields().get(i);
            if (values[i] == null || field.divisionRole() == DivisionRole.NONE) {
                continue;
            }
            String code = (String) values[i];
            DivisionDirectory.Division d = divisions.get(code);
            if (field.divisionRole() == DivisionRole.COUNTY) {
                county = code;
                if (d == null) {
                    reasons.add("unknown_division:" + field.name());
                } else if (!divisions.isCountyOrPrefecture(code)) {
                    reasons.add("not_a_county:" + field.name());
                }
            } else {
                if (d == null) {
                    reasons.add("unknown_division:" + field.name());
                } else if (!Vocabularies.TOWNSHIP.equals(d.level())) {
                    reasons.add("not_a_township:" + field.name());
                } else if (county != null && !county.equals(d.parentCode())) {
                    reasons.add("township_not_in_county:" + field.name());
                }
            }
        }
    }

    private String naturalKey(Object[] values) {
        List<String> parts = new ArrayList<>();
        for (String name : type.naturalKey()) {
            Object v = values[type.indexOf(name)];
            parts.add(v == null ? "" : String.valueOf(v));
        }
        return String.join("\u0001", parts);
    }

    /** A record's parsed values, by field name. */
    private record Values(RecordType type, Object[] values) {
        Object get(String field) {
            return values[type.indexOf(field)];
        }

        String text(String field) {
            return (String) get(field);
        }

        Long integer(String field) {
            return (Long) get(field);
        }

        Integer epochDay(String field) {
            return (Integer) get(field);
        }
    }
}
