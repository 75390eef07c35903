package org.burdenwatch.records;

import java.io.Serializable;
import java.util.List;

/**
 * A named rule across fields of one record (e.g. grassroots attendees ≤ attendees). It is checked
 * only when every field it names has a parsed value; a failure adds its reason code.
 */
public final class RecordRule implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The predicate; must be serializable because it runs on executors. */
    @FunctionalInterface
    public interface Check extends Serializable {
        boolean holds(FieldValues record);
    }

    private final String reason;
    private final String description;
    private final List<String> fields;
    private final Check check;

    private RecordRule(String reason, String description, List<String> fields, Check check) {
        this.reason = reason;
        this.description = description;
        this.fields = List.copyOf(fields);
        this.check = check;
    }

    public static RecordRule of(String reason, String description, Check check, String... fields) {
        return new RecordRule(reason, description, List.of(fields), check);
    }

    public String reason() {
        return reason;
    }

    public String description() {
        return description;
    }

    public List<String> fields() {
        return fields;
    }

    /** True when the rule applies (all its fields present) and does not hold. */
    public boolean isBrokenBy(FieldValues record) {
        for (String f : fields) {
            if (record.get(f) == null) {
                return false;
            }
        }
        return !check.holds(record);
    }
}
