package org.burdenwatch.output;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The data dictionary written into the files: each column's entry goes into its Spark metadata,
 * which Parquet keeps in the file footer's schema, so {@code DESCRIBE} and any Parquet reader that
 * shows Spark's schema see the label, unit and definition. A column without an entry is refused.
 */
public final class ColumnMetadata {
    private ColumnMetadata() {
    }

    /** Metadata keys written on each Parquet column. */
    public static final String COMMENT = "comment";
    public static final String LABEL_ZH = "label_zh";
    public static final String UNIT = "unit";

    /** The columns of a table with each entry written into its metadata; a column without an entry is refused. */
    public static StructType annotate(OutputTable table, StructType columns) {
        Map<String, DataDictionary.Entry> entries = new LinkedHashMap<>();
        for (DataDictionary.Entry entry : DataDictionary.of(table)) {
            entries.put(entry.column(), entry);
        }
        StructType out = new StructType();
        for (StructField f : columns.fields()) {
            DataDictionary.Entry entry = entries.get(f.name());
            if (entry == null) {
                throw new IllegalStateException(table.name() + "." + f.name() + " has no data-dictionary entry");
            }
            out = out.add(new StructField(f.name(), f.dataType(), f.nullable(), metadata(entry)));
        }
        return out;
    }

    static Metadata metadata(DataDictionary.Entry entry) {
        return new MetadataBuilder()
                .putString(COMMENT, entry.chineseLabel() + " — " + entry.definition())
                .putString(LABEL_ZH, entry.chineseLabel())
                .putString(UNIT, entry.unit())
                .build();
    }
}
