package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.input.RecordFileSource;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;

/**
 * Validation as Dataset transforms: raw records → validated rows, each with its reasons (none: the
 * record is accepted). {@link ValidatedTables} declares where each row ends (clean, quarantine, or
 * duplicates for a repeat of a natural key): nothing is dropped, every row ends in exactly one.
 */
public final class Validation {
    private Validation() {
    }

    /**
     * Reads and validates the files of one record type: Spark reads them ({@link RecordFileSource})
     * and Catalyst validates every record ({@link RecordValidation}).
     */
    public static Dataset<Row> validate(SparkSession spark, RecordType type, List<SourceFile> files,
                                        ValidationContext context) {
        return RecordValidation.validate(RecordFileSource.read(spark, type, files, context.redaction(), null,
                context.maxLineBytes()), type, context);
    }

    /**
     * A record's natural key computed from its clean-table columns, equal to the key validation
     * gave it ({@code natural_key}): the key fields as text, joined by U+0001, a null part empty.
     */
    public static Column naturalKeyOf(RecordType type) {
        Column[] parts = type.naturalKey().stream()
                .map(name -> coalesce(col(name).cast("string"), lit(""))).toArray(Column[]::new);
        return concat_ws("\u0001", parts);
    }
}
