package org.burdenwatch.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.ColumnEntry;

/**
 * The data dictionary written into the files: each column's entry goes into its Spark metadata,
 * which Parquet keeps in the file footer's schema, so {@code DESCRIBE} and any Parquet reader that
 * shows Spark's schema see the label, unit and definition. A column without an entry is refused.
 */
public final class ColumnMetadata {
    private ColumnMetadata() {
    }

    /** The longest column comment a Hive metastore keeps (its COLUMNS_V2.COMMENT is varchar(256)). */
    public static final int MAX_COMMENT = 256;

    /** Metadata keys written on each Parquet column. */
    public static final String COMMENT = "comment";
    public static final String LABEL_ZH = "label_zh";
    public static final String UNIT = "unit";

    /**
     * The columns of a table with each entry of its {@code dictionary} written into its metadata; a
     * column without an entry is refused.
     */
    public static StructType annotate(OutputTable table, StructType columns, List<ColumnEntry> dictionary) {
        Map<String, ColumnEntry> entries = new LinkedHashMap<>();
        for (ColumnEntry entry : dictionary) {
            entries.put(entry.column(), entry);
        }
        StructType out = new StructType();
        for (StructField f : columns.fields()) {
            ColumnEntry entry = entries.get(f.name());
            if (entry == null) {
                throw new IllegalStateException(table.name() + "." + f.name() + " has no data-dictionary entry");
            }
            out = out.add(new StructField(f.name(), f.dataType(), f.nullable(), metadata(entry)));
        }
        return out;
    }

    /** The comment of a column: its label and definition (at most {@link #MAX_COMMENT} characters: a test holds them so). */
    public static String comment(ColumnEntry entry) {
        return entry.chineseLabel() + " — " + entry.definition();
    }

    static Metadata metadata(ColumnEntry entry) {
        return new MetadataBuilder()
                .putString(COMMENT, comment(entry))
                .putString(LABEL_ZH, entry.chineseLabel())
                .putString(UNIT, entry.unit())
                .build();
    }
}
