package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;
import static org.burdenwatch.validation.ValidatedSchema.NATURAL_KEY;
import static org.burdenwatch.validation.ValidatedSchema.RAW;
import static org.burdenwatch.validation.ValidatedSchema.REASONS;
import static org.burdenwatch.validation.ValidatedSchema.SOURCE_FILE;
import static org.burdenwatch.validation.ValidatedSchema.SOURCE_LINE;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.input.RecordFileSource;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.records.Vocabularies;

/**
 * Validation as Dataset transforms: raw records → validated rows → quarantine, clean records and
 * collapsed duplicates. Nothing is dropped: every validated row ends in exactly one of the three.
 */
public final class Validation {
    private Validation() {
    }

    public static final String UNKNOWN_PARENT = "unknown_parent";
    public static final String TOWNSHIP_OUTSIDE_PARENT = "township_code_outside_parent";

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
     * The divisions' own reference rules, which need the whole table: a county's parent is a known
     * prefecture, a township's parent a known county whose code its own code extends.
     */
    public static Dataset<Row> checkDivisionHierarchy(Dataset<Row> divisions) {
        Dataset<Row> parents = divisions.filter(size(col(REASONS)).equalTo(0))
                .groupBy(col("code").as("p_code"))
                .agg(max(col("level")).as("p_level"));
        Column level = col("level");
        Column parentLevel = col("p_level");
        Column wrongParent = when(level.equalTo(Vocabularies.COUNTY)
                        .and(parentLevel.isNull().or(parentLevel.notEqual(Vocabularies.PREFECTURE))), true)
                .when(level.equalTo(Vocabularies.TOWNSHIP)
                        .and(parentLevel.isNull().or(parentLevel.notEqual(Vocabularies.COUNTY))), true)
                .otherwise(false);
        Column outsideParent = level.equalTo(Vocabularies.TOWNSHIP).and(col("parent_code").isNotNull())
                .and(col("code").isNotNull()).and(col("code").startsWith(col("parent_code")).unary_$bang());
        Column extra = array_compact(array(
                when(wrongParent, lit(UNKNOWN_PARENT + ":parent_code")),
                when(outsideParent, lit(TOWNSHIP_OUTSIDE_PARENT + ":code"))));
        return divisions.join(parents, col("parent_code").equalTo(col("p_code")), "left")
                .withColumn(REASONS, concat(col(REASONS), extra))
                .select(columns(divisions.columns()));
    }

    /** Where a validated record ends: exactly one of these. */
    public static final String DISPOSITION = "disposition";
    public static final String QUARANTINED = "quarantined";
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";

    /**
     * The natural keys that more than one valid record carries, with the copy to keep (the first
     * by file path, then line: deterministic). A shuffle of keys only, not of whole records; the
     * result is small (repeats are rare), so {@link #classify(Dataset, Dataset)} can broadcast it.
     */
    public static Dataset<Row> repeatedKeys(Dataset<Row> validated) {
        return validated.filter(size(col(REASONS)).equalTo(0))
                .groupBy(col(NATURAL_KEY).as("_key"))
                .agg(count(lit(1)).as("_copies"), min(struct(col(SOURCE_FILE), col(SOURCE_LINE))).as("_kept"))
                .filter(col("_copies").gt(1))
                .select(col("_key"), col("_kept." + SOURCE_FILE).as("_kept_file"),
                        col("_kept." + SOURCE_LINE).as("_kept_line"));
    }

    /** {@link #classify(Dataset, Dataset)} with the repeated keys computed from the same records. */
    public static Dataset<Row> classify(Dataset<Row> validated) {
        return classify(validated, repeatedKeys(validated));
    }

    /**
     * Marks each validated record quarantined (it broke a rule), accepted (the first valid copy
     * of its natural key, by file path then line) or duplicate (a later valid copy), with the copy
     * that was kept. The three tables come from this one classification.
     */
    public static Dataset<Row> classify(Dataset<Row> validated, Dataset<Row> repeatedKeys) {
        Column valid = size(col(REASONS)).equalTo(0);
        Dataset<Row> joined = validated.join(repeatedKeys, valid.and(col(NATURAL_KEY).equalTo(col("_key"))), "left");
        Column kept = col("_key").isNull()
                .or(col(SOURCE_FILE).equalTo(col("_kept_file")).and(col(SOURCE_LINE).equalTo(col("_kept_line"))));
        return joined
                .withColumn("kept_source_file", coalesce(col("_kept_file"), col(SOURCE_FILE)))
                .withColumn("kept_source_line", coalesce(col("_kept_line"), col(SOURCE_LINE)))
                .withColumn(DISPOSITION, when(valid.unary_$bang(), lit(QUARANTINED))
                        .when(kept, lit(ACCEPTED))
                        .otherwise(lit(DUPLICATE)))
                .drop("_key", "_kept_file", "_kept_line");
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

    /** The natural keys of records already accepted, with where each came from. */
    public static Dataset<Row> acceptedKeys(Dataset<Row> clean, RecordType type) {
        return clean.select(naturalKeyOf(type).as(NATURAL_KEY), col(SOURCE_FILE), col(SOURCE_LINE));
    }

    /**
     * {@link #repeatedKeys(Dataset)} of new records together with records already accepted (one
     * per key): the keys that more than one of them carries, with the copy to keep. The two sides
     * are aggregated apart and joined, so no stage mixes cached records with a file scan (in
     * local mode, a stage whose tasks prefer different hosts can wait forever for a slot).
     */
    public static Dataset<Row> repeatedKeys(Dataset<Row> validated, Dataset<Row> acceptedKeys) {
        Dataset<Row> fresh = validated.filter(size(col(REASONS)).equalTo(0))
                .groupBy(col(NATURAL_KEY).as("_key"))
                .agg(count(lit(1)).as("_copies"), min(struct(col(SOURCE_FILE), col(SOURCE_LINE))).as("_kept"));
        Dataset<Row> known = acceptedKeys.select(col(NATURAL_KEY).as("_a_key"),
                struct(col(SOURCE_FILE), col(SOURCE_LINE)).as("_a_kept"));
        Column copies = col("_copies").plus(when(col("_a_key").isNotNull(), lit(1L)).otherwise(lit(0L)));
        Column kept = least(col("_kept"), col("_a_kept"));
        return fresh.join(known, col("_key").equalTo(col("_a_key")), "left")
                .filter(copies.gt(1))
                .select(col("_key"), kept.getField(SOURCE_FILE).as("_kept_file"),
                        kept.getField(SOURCE_LINE).as("_kept_line"));
    }

    /**
     * Accepted records whose kept copy is no longer themselves once new records join: a new record
     * with the same key sorts before them (by file path, then line). A run that adds files can then
     * not keep the published tables, and parses the type again.
     */
    public static Dataset<Row> displaced(Dataset<Row> acceptedKeys, Dataset<Row> repeatedKeys) {
        return acceptedKeys.join(repeatedKeys, col(NATURAL_KEY).equalTo(col("_key")))
                .filter(col(SOURCE_FILE).notEqual(col("_kept_file")).or(col(SOURCE_LINE).notEqual(col("_kept_line"))));
    }

    /** Rejected records: where they came from, their raw text, and every reason. */
    public static Dataset<Row> quarantine(Dataset<Row> classified, RecordType type) {
        return classified.filter(col(DISPOSITION).equalTo(QUARANTINED))
                .select(lit(type.folder()).as("record_type"), col(SOURCE_FILE), col(SOURCE_LINE), col(RAW),
                        col(ValidatedSchema.RAW_LENGTH), col(ValidatedSchema.RAW_SHA256), col(REASONS));
    }

    /** Valid records, one per natural key, typed as the clean table. */
    public static Dataset<Row> clean(Dataset<Row> classified, RecordType type) {
        return classified.filter(col(DISPOSITION).equalTo(ACCEPTED))
                .select(ValidatedSchema.cleanColumns(type).toArray(new Column[0]));
    }

    /** Valid records whose natural key an earlier record already has, with the copy that was kept. */
    public static Dataset<Row> duplicates(Dataset<Row> classified, RecordType type) {
        return classified.filter(col(DISPOSITION).equalTo(DUPLICATE))
                .select(lit(type.folder()).as("record_type"), col(SOURCE_FILE), col(SOURCE_LINE), col(RAW),
                        col(NATURAL_KEY), col("kept_source_file"), col("kept_source_line"));
    }

    /**
     * platform_tasks name a platform that should be known: an unknown one is kept and flagged
     * {@code platform_known = false} (null when no platforms were supplied to check against).
     */
    public static Dataset<Row> withPlatformKnown(Dataset<Row> tasks, Dataset<Row> platforms) {
        if (platforms == null) {
            return tasks.withColumn("platform_known", lit(null).cast("boolean"));
        }
        Dataset<Row> known = platforms.select(col("platform_id").as("_known_platform")).distinct();
        return tasks.join(known, col("platform_id").equalTo(col("_known_platform")), "left")
                .withColumn("platform_known", col("_known_platform").isNotNull())
                .drop("_known_platform");
    }

    private static Column[] columns(String[] names) {
        Column[] out = new Column[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = col(names[i]);
        }
        return out;
    }
}
