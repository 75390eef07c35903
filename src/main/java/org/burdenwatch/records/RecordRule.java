package org.burdenwatch.records;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A named rule across fields of one record (e.g. grassroots attendees ≤ attendees), declared as a
 * Catalyst predicate over the record's parsed values (columns named by field). It is checked only
 * when every field it names has a parsed value; a record that breaks it gets its reason code.
 */
public final class RecordRule {
    private final String reason;
    private final String description;
    private final List<String> fields;
    private final Column holds;

    private RecordRule(String reason, String description, List<String> fields, Column holds) {
        this.reason = reason;
        this.description = description;
        this.fields = List.copyOf(fields);
        this.holds = holds;
    }

    /** A rule: its reason code, what it requires, the predicate that holds for a good record, the fields it reads. */
    public static RecordRule of(String reason, String description, Column holds, String... fields) {
        return new RecordRule(reason, description, List.of(fields), holds);
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

    /** True for a record that keeps the rule (over the parsed values, columns named by field). */
    public Column holds() {
        return holds;
    }
}
