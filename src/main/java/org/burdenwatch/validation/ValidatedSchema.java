package org.burdenwatch.validation;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;

/** The column names of validated records, and the columns of the clean tables. */
public final class ValidatedSchema {
    private ValidatedSchema() {
    }

    public static final String SOURCE_FILE = "source_file";
    public static final String SOURCE_LINE = "source_line";
    public static final String RAW = "raw";
    public static final String RAW_LENGTH = "raw_length";
    public static final String RAW_SHA256 = "raw_sha256";
    public static final String REASONS = "reasons";
    public static final String UNKNOWN_KEYS = "unknown_keys";
    public static final String NATURAL_KEY = "natural_key";
    /** The quarantine's columns that place a rejected event record: its county and month, when readable. */
    public static final String QUARANTINE_DIVISION = "division_code";
    public static final String QUARANTINE_MONTH = "month";

    public static List<Field> timestampFields(RecordType type) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.fields()) {
            if (f.kind() == ValueKind.TIMESTAMP) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The columns of {@code clean/<type>/}: lineage, then every field that is not personal data,
     * typed (DATE, TIMESTAMP, BIGINT, DOUBLE, BOOLEAN, STRING, ARRAY&lt;STRING&gt;), then each
     * timestamp's Asia/Shanghai calendar date and wall-clock time (HH:mm:ss).
     */
    public static List<Column> cleanColumns(RecordType type) {
        return cleanColumnNames(type).stream().map(org.apache.spark.sql.functions::col).toList();
    }

    /** The names of {@link #cleanColumns}, in order. */
    public static List<String> cleanColumnNames(RecordType type) {
        List<String> out = new ArrayList<>(List.of(SOURCE_FILE, SOURCE_LINE));
        for (Field f : type.fields()) {
            if (!f.isPersonal()) {
                out.add(f.name());
            }
        }
        for (Field f : timestampFields(type)) {
            out.add(f.localDateColumn());
            out.add(f.localTimeColumn());
        }
        return out;
    }
}
