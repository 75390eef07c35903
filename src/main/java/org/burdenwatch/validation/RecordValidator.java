package org.burdenwatch.validation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.burdenwatch.input.RawRecord;
import org.burdenwatch.input.RawRecordReader;
import org.burdenwatch.records.DivisionRole;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.FieldValues;
import org.burdenwatch.records.RecordRule;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.Vocabularies;

/**
 * Turns a raw record into a validated row of {@link ValidatedSchema}: every field parsed by its
 * kind, every rule checked, and every broken rule recorded as a reason code (never just the
 * first). Reasons about one field read {@code code:field}, e.g. {@code invalid_date:issued_on}.
 */
public final class RecordValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MISSING_REQUIRED = "missing_required";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String UNKNOWN_DIVISION = "unknown_division";
    public static final String NOT_A_COUNTY = "not_a_county";
    public static final String NOT_A_TOWNSHIP = "not_a_township";
    public static final String TOWNSHIP_NOT_IN_COUNTY = "township_not_in_county";
    public static final String CONTROL_CHARACTER = "control_character";
    public static final String UNKNOWN_INDICATOR = "unknown_indicator";

    /** Characters no field may hold: C0 controls but tab, line feed and carriage return, and DEL. */
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private final RecordType type;
    private final ValidationContext context;
    private final DivisionDirectory divisions;
    private final int earliestDay;
    private final int latestDay;

    public RecordValidator(RecordType type, ValidationContext context) {
        this.type = type;
        this.context = context;
        this.divisions = context.divisions();
        this.earliestDay = (int) context.earliestDate().toEpochDay();
        this.latestDay = (int) context.latestDate().toEpochDay();
    }

    public Row validate(RawRecord raw) {
        List<Field> fields = type.fields();
        Object[] values = new Object[fields.size()];
        List<String> reasons = new ArrayList<>(raw.problems());
        if (isUnreadable(raw)) {
            // no fields could be read: listing every field as missing would only bury the reason
            return toRow(raw, values, reasons);
        }
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (raw.values()[i] != null && CONTROL.matcher(raw.values()[i]).find()) {
                reasons.add(CONTROL_CHARACTER + ":" + field.name());
                continue;
            }
            String text = ValueParsers.text(raw.values()[i]);
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
        checkDivisionReferences(values, reasons);
        FieldValues record = new FieldValues(type, values);
        for (RecordRule rule : type.rules()) {
            if (rule.isBrokenBy(record)) {
                reasons.add(rule.reason());
            }
        }
        return toRow(raw, values, reasons);
    }

    private static boolean isUnreadable(RawRecord raw) {
        return raw.problems().contains(RawRecordReader.MALFORMED_JSON)
                || raw.problems().contains(RawRecordReader.UNTERMINATED_QUOTE);
    }

    private Object parse(Field field, String text) throws InvalidValue {
        switch (field.kind()) {
            case TEXT:
                return text;
            case DIVISION_CODE:
                return ValueParsers.divisionCode(text);
            case DATE:
                return plausible(ValueParsers.date(text));
            case TIMESTAMP:
                long micros = ValueParsers.timestampMicros(text);
                plausible((int) ValueParsers.localDate(micros));
                return micros;
            case INDICATOR:
                if (!context.indicatorNames().contains(text)) {
                    throw new InvalidValue(UNKNOWN_INDICATOR);
                }
                return text;
            case BOOLEAN:
                return ValueParsers.bool(text);
            case INTEGER:
                long v = ValueParsers.integer(text);
                if ((field.min() != null && v < field.min()) || (field.max() != null && v > field.max())) {
                    throw new InvalidValue(OUT_OF_RANGE);
                }
                return v;
            case NUMBER:
                return ValueParsers.number(text);
            case SHARE:
                return ValueParsers.share(text);
            case PERIOD:
                return ValueParsers.period(text);
            case ENUM:
                return ValueParsers.enumValue(text, field.vocabulary());
            case ENUM_LIST:
                return ValueParsers.enumList(text, field.vocabulary());
            default:
                throw new IllegalStateException("no parser for " + field.kind());
        }
    }

    /** A date (days since 1970-01-01) within the window of plausible dates, else out_of_range. */
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
            switch (field.divisionRole()) {
                case COUNTY:
                    county = code;
                    if (divisions.get(code) == null) {
                        reasons.add(UNKNOWN_DIVISION + ":" + field.name());
                    } else if (!divisions.isCountyOrPrefecture(code)) {
                        reasons.add(NOT_A_COUNTY + ":" + field.name());
                    }
                    break;
                case TOWNSHIP:
                    DivisionDirectory.Division township = divisions.get(code);
                    if (township == null) {
                        reasons.add(UNKNOWN_DIVISION + ":" + field.name());
                    } else if (!Vocabularies.TOWNSHIP.equals(township.level())) {
                        reasons.add(NOT_A_TOWNSHIP + ":" + field.name());
                    } else if (county != null && !county.equals(township.parentCode())) {
                        reasons.add(TOWNSHIP_NOT_IN_COUNTY + ":" + field.name());
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private Row toRow(RawRecord raw, Object[] values, List<String> reasons) {
        List<Field> timestamps = ValidatedSchema.timestampFields(type);
        int lead = 8;
        Object[] row = new Object[lead + values.length + 2 * timestamps.size()];
        row[0] = raw.sourceFile();
        row[1] = raw.line();
        row[2] = raw.raw(); // redacted by the reader; null when the record's fields could not be located
        row[3] = raw.rawLength();
        row[4] = raw.rawSha256();
        row[5] = reasons.toArray(new String[0]);
        row[6] = raw.unknownKeys().toArray(new String[0]);
        row[7] = naturalKey(values);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            row[lead + i] = v instanceof List<?> list ? list.toArray(new String[0]) : v;
        }
        for (int t = 0; t < timestamps.size(); t++) {
            Long micros = (Long) values[type.indexOf(timestamps.get(t).name())];
            row[lead + values.length + 2 * t] = micros == null ? null : (int) ValueParsers.localDate(micros);
            row[lead + values.length + 2 * t + 1] = micros == null ? null : ValueParsers.localTime(micros);
        }
        return RowFactory.create(row);
    }

    private String naturalKey(Object[] values) {
        StringBuilder key = new StringBuilder();
        for (String name : type.naturalKey()) {
            Object v = values[type.indexOf(name)];
            if (key.length() > 0) {
                key.append('\u0001');
            }
            key.append(v == null ? "" : v); // an optional key part (reported_figures.source) may be empty
        }
        return key.toString();
    }
}
