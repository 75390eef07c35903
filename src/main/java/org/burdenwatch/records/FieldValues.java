package org.burdenwatch.records;

import java.util.List;

/**
 * The parsed values of one record, by field name, as the validator holds them: text as String,
 * dates as epoch days (Integer), timestamps as epoch microseconds (Long), integers as Long,
 * numbers and shares as Double, booleans as Boolean, lists as List&lt;String&gt;. Null when absent
 * or unparseable.
 */
public final class FieldValues {
    private final RecordType type;
    private final Object[] values;

    public FieldValues(RecordType type, Object[] values) {
        this.type = type;
        this.values = values;
    }

    public Object get(String field) {
        return values[type.indexOf(field)];
    }

    public String text(String field) {
        return (String) get(field);
    }

    public Long integer(String field) {
        return (Long) get(field);
    }

    /** A date as days since 1970-01-01. */
    public Integer epochDay(String field) {
        return (Integer) get(field);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(String field) {
        return (List<String>) get(field);
    }
}
