package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.ValueKind;

/**
 * The explicit schemas of validated records. Validation emits dates as epoch days and timestamps
 * as epoch microseconds (plain numbers, so no JVM time zone can shift them); the clean tables
 * turn them into DATE and TIMESTAMP columns.
 */
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

    private static final DataType STRINGS = DataTypes.createArrayType(DataTypes.StringType, false);

    /** Lineage and validation columns, then each field, then each timestamp's local date. */
    public static StructType of(RecordType type) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(SOURCE_LINE, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(RAW, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RAW_LENGTH, DataTypes.LongType, false));
        fields.add(DataTypes.createStructField(RAW_SHA256, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(REASONS, STRINGS, false));
        fields.add(DataTypes.createStructField(UNKNOWN_KEYS, STRINGS, false));
        fields.add(DataTypes.createStructField(NATURAL_KEY, DataTypes.StringType, true));
        for (Field f : type.fields()) {
            fields.add(DataTypes.createStructField(f.name(), wireType(f.kind()), true));
        }
        for (Field f : timestampFields(type)) {
            fields.add(DataTypes.createStructField(f.localDateColumn(), DataTypes.IntegerType, true));
            fields.add(DataTypes.createStructField(f.localTimeColumn(), DataTypes.StringType, true));
        }
        return DataTypes.createStructType(fields);
    }

    static DataType wireType(ValueKind kind) {
        switch (kind) {
            case DATE:
                return DataTypes.IntegerType;
            case TIMESTAMP:
            case INTEGER:
                return DataTypes.LongType;
            case BOOLEAN:
                return DataTypes.BooleanType;
            case NUMBER:
            case SHARE:
                return DataTypes.DoubleType;
            case ENUM_LIST:
                return STRINGS;
            default:
                return DataTypes.StringType;
        }
    }

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
        List<Column> out = new ArrayList<>();
        out.add(col(SOURCE_FILE));
        out.add(col(SOURCE_LINE));
        for (Field f : type.fields()) {
            if (f.isPersonal()) {
                continue;
            }
            switch (f.kind()) {
                case DATE:
                    out.add(expr("date_from_unix_date(`" + f.name() + "`)").as(f.name()));
                    break;
                case TIMESTAMP:
                    out.add(expr("timestamp_micros(`" + f.name() + "`)").as(f.name()));
                    break;
                default:
                    out.add(col(f.name()));
            }
        }
        for (Field f : timestampFields(type)) {
            out.add(expr("date_from_unix_date(`" + f.localDateColumn() + "`)").as(f.localDateColumn()));
            out.add(col(f.localTimeColumn()));
        }
        return out;
    }
}
