package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.RecordType;

/**
 * Where a record type's validated rows end, declared once: the columns of its clean table and of
 * its quarantine, and which rows go to each. The validate pass routes both in one write ({@link
 * #cleanRow()}, {@link #quarantineRow()}); {@link #clean(Dataset)} and {@link #quarantine(Dataset)}
 * give the same tables as Datasets. Repeats of a natural key among the clean rows go to duplicates/
 * ({@link RepeatedKeys}, {@link #duplicatesSchema()}).
 *
 * @param type       the record type
 * @param eventDate  the clean DATE column that places the type's records in periods, or null when it
 *                   is no event: a quarantined event keeps its county and month when readable
 *                   (quality/completeness counts it there)
 * @param givesMonths whether the months of its accepted records are tallied (they set a run's periods)
 */
public record ValidatedTables(RecordType type, String eventDate, boolean givesMonths) {

    /** The record type's county column, as the event records name it. */
    public static final String COUNTY = "county_code";

    /** A record is accepted when it broke no rule. */
    public static Column accepted() {
        return size(col(ValidatedSchema.REASONS)).equalTo(0);
    }

    /** The run whose ingest first accepted the record (the incremental package stamps it). */
    public static final String FIRST_INGESTED_RUN = "first_ingested_run";
    /** Whether the record arrived after its event's period had closed, by more than the grace period. */
    public static final String LATE = "late";

    /**
     * The columns of {@code clean/<type>/}: {@link ValidatedSchema#cleanColumns}, platform_known for
     * tasks, then when the record arrived ({@link #FIRST_INGESTED_RUN}, {@link #LATE}).
     */
    public List<String> cleanColumnNames() {
        List<String> names = new ArrayList<>(ValidatedSchema.cleanColumnNames(type));
        if (type == RecordType.PLATFORM_TASKS) {
            names.add(PLATFORM_KNOWN);
        }
        names.addAll(ARRIVAL);
        return names;
    }

    private static final List<String> ARRIVAL = List.of(FIRST_INGESTED_RUN, LATE);

    /**
     * A clean column of validated rows: the arrival columns are null in rows no run stamped (a
     * validation on its own, as the tests and the reference run it).
     */
    private static Column cleanColumn(Dataset<Row> validated, String c) {
        if (ARRIVAL.contains(c) && !Arrays.asList(validated.columns()).contains(c)) {
            return lit(null).cast(c.equals(LATE) ? DataTypes.BooleanType : DataTypes.StringType).as(c);
        }
        return validated.col(c).as(c);
    }

    /** The lineage and raw text every quarantined row keeps, with its reasons. */
    public static List<String> quarantineLineage() {
        return List.of(ValidatedSchema.SOURCE_FILE, ValidatedSchema.SOURCE_LINE, ValidatedSchema.RAW,
                ValidatedSchema.RAW_LENGTH, ValidatedSchema.RAW_SHA256, ValidatedSchema.REASONS);
    }

    /**
     * The columns of {@code quarantine/<type>/}: the record type, the lineage and raw text, the
     * reasons, then where the record would have counted: its county (a six-digit code, never free
     * text: a name typed into the field is not kept) and month, when it is an event and they were
     * readable.
     */
    public Column[] quarantineColumns() {
        List<Column> cols = new ArrayList<>(List.of(lit(type.folder()).as("record_type")));
        quarantineLineage().forEach(c -> cols.add(col(c)));
        cols.add((eventDate == null ? lit(null).cast(DataTypes.StringType)
                : when(col(COUNTY).rlike("^[0-9]{6}$"), col(COUNTY))).as(ValidatedSchema.QUARANTINE_DIVISION));
        cols.add((eventDate == null ? lit(null).cast(DataTypes.DateType) : trunc(col(eventDate), "month"))
                .as(ValidatedSchema.QUARANTINE_MONTH));
        return cols.toArray(new Column[0]);
    }

    /** The clean columns of validated rows, by name. */
    public Column[] cleanColumns(Dataset<Row> validated) {
        return cleanColumnNames().stream().map(c -> cleanColumn(validated, c)).toArray(Column[]::new);
    }

    /** An accepted row as its clean-table struct; null for a rejected one. */
    public Column cleanRow(Dataset<Row> validated) {
        return when(accepted(), struct(cleanColumns(validated)));
    }

    /** A rejected row as its quarantine struct; null for an accepted one. */
    public Column quarantineRow() {
        return when(accepted().unary_$bang(), struct(quarantineColumns()));
    }

    public StructType cleanSchema(Dataset<Row> validated) {
        return validated.select(cleanColumns(validated)).schema();
    }

    public StructType quarantineSchema(Dataset<Row> validated) {
        return validated.select(quarantineColumns()).schema();
    }

    /** The accepted rows as the clean table holds them (before repeats of a key are removed). */
    public Dataset<Row> clean(Dataset<Row> validated) {
        return validated.filter(accepted()).select(cleanColumns(validated));
    }

    /** The rejected rows as the quarantine holds them. */
    public Dataset<Row> quarantine(Dataset<Row> validated) {
        return validated.filter(accepted().unary_$bang()).select(quarantineColumns());
    }

    /**
     * One type's validated rows as its three tables: the accepted rows but the copies of a repeated
     * natural key not kept (the first by file path, then line, is kept), the rejected ones, and those
     * copies with their raw text and the copy kept. {@link #release} frees what the repeats hold.
     */
    public record Split(Dataset<Row> clean, Dataset<Row> quarantine, Dataset<Row> duplicates,
                        RepeatedKeys.Repeats repeats) {
        public void release() {
            if (repeats != null) {
                repeats.release();
            }
        }
    }

    /**
     * Splits validated rows into their three tables as Datasets, with the pieces the validate stage
     * uses on its staged files ({@link #clean}, {@link #quarantine}, {@link RepeatedKeys}), the raw text
     * of a repeat taken from its validated row.
     */
    public Split split(SparkSession spark, Dataset<Row> validated) {
        Dataset<Row> accepted = clean(validated);
        RepeatedKeys.Repeats repeats = RepeatedKeys.copies(spark,
                RepeatedKeys.keys(type, accepted, lit(null).cast(DataTypes.StringType)), RepeatedKeys.LISTED);
        if (repeats == null) {
            return new Split(accepted, quarantine(validated),
                    spark.createDataFrame(List.of(), duplicatesSchema()), null);
        }
        Dataset<Row> toDrop = repeats.toDrop(type);
        return new Split(RepeatedKeys.withoutCopiesNotKept(accepted, toDrop), quarantine(validated),
                RepeatedKeys.duplicates(type, validated.select(col(ValidatedSchema.SOURCE_FILE),
                        col(ValidatedSchema.SOURCE_LINE), col(ValidatedSchema.RAW)), toDrop), repeats);
    }

    /** A collected validated row as its clean-table row. */
    public Row cleanRow(Row validated, StructType schema) {
        List<Object> values = new ArrayList<>();
        List<String> present = Arrays.asList(schema.fieldNames());
        cleanColumnNames().forEach(c -> values.add(present.contains(c) ? validated.get(schema.fieldIndex(c)) : null));
        return RowFactory.create(values.toArray());
    }

    /**
     * A collected validated row of a type that is no event as its quarantine row (no county or
     * month to place it in).
     */
    public Row quarantineRow(Row validated, StructType schema) {
        List<Object> values = new ArrayList<>(List.of(type.folder()));
        quarantineLineage().forEach(c -> values.add(validated.get(schema.fieldIndex(c))));
        values.add(null);
        values.add(null);
        return RowFactory.create(values.toArray());
    }

    /** The columns of {@code duplicates/<type>/}: a repeat of a natural key, and the copy kept. */
    public static StructType duplicatesSchema() {
        return new StructType().add("record_type", DataTypes.StringType, false)
                .add(ValidatedSchema.SOURCE_FILE, DataTypes.StringType, false)
                .add(ValidatedSchema.SOURCE_LINE, DataTypes.LongType, false)
                .add(ValidatedSchema.RAW, DataTypes.StringType, true)
                .add(ValidatedSchema.NATURAL_KEY, DataTypes.StringType, true)
                .add("kept_source_file", DataTypes.StringType, true)
                .add("kept_source_line", DataTypes.LongType, true);
    }

    public static final String PLATFORM_KNOWN = "platform_known";
    private static final String KNOWN_PLATFORM = "_known_platform_id";

    /**
     * Platform tasks with {@code platform_known}: a task naming no accepted platform is kept and
     * flagged false; null for every task when platforms were not supplied ({@code acceptedIds} null).
     * Known by a left join to the accepted ids, broadcast (tens of thousands nationally, too many for
     * a literal list in the plan).
     */
    public static Dataset<Row> withPlatformKnown(SparkSession spark, Dataset<Row> tasks, Set<String> acceptedIds) {
        Column known = lit(null).cast(DataTypes.BooleanType);
        if (acceptedIds != null) {
            List<Row> ids = new ArrayList<>();
            acceptedIds.forEach(id -> ids.add(RowFactory.create(id)));
            Dataset<Row> accepted = broadcast(spark.createDataFrame(ids,
                    new StructType().add(KNOWN_PLATFORM, DataTypes.StringType, false)));
            tasks = tasks.join(accepted, col("platform_id").equalTo(col(KNOWN_PLATFORM)), "left");
            known = col(KNOWN_PLATFORM).isNotNull();
        }
        return tasks.withColumn(PLATFORM_KNOWN, when(col("platform_id").isNull(), lit(false)).otherwise(known))
                .drop(KNOWN_PLATFORM);
    }
}
