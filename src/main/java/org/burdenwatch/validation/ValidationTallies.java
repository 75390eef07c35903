package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.records.RecordType;

/**
 * What the validate pass counts of its rows as it writes them, read by field, never parsed from
 * text: a rejected record's reasons, a file's unknown columns, an accepted platform's id, a month
 * holding an accepted record of a type that gives the run its periods. {@link #of} is each row's
 * array of tallies (a column of the write); the writer counts equal tallies over the committed
 * tasks, and {@link #add} gathers those counts into this value.
 */
public final class ValidationTallies {

    /** The kinds of tally. */
    public enum Kind { REASON, UNKNOWN_COLUMN, PLATFORM, MONTH }

    /** A tally's fields: its kind, the record type, the file, the reason, column or id, the month. */
    public static final StructType TALLY = new StructType().add("kind", DataTypes.StringType, false)
            .add("record_type", DataTypes.StringType, false).add(ValidatedSchema.SOURCE_FILE, DataTypes.StringType)
            .add("value", DataTypes.StringType).add("month", DataTypes.DateType);

    private final Map<RecordType, Map<String, Long>> reasons = new EnumMap<>(RecordType.class);
    private final Map<String, Set<String>> unknownColumns = new TreeMap<>();
    private final Set<String> platformIds = new HashSet<>();
    private final Map<RecordType, Set<YearMonth>> months = new EnumMap<>(RecordType.class);

    /** The tallies of one validated row of the type: an array of {@link #TALLY}. */
    public static Column of(ValidatedTables tables) {
        RecordType type = tables.type();
        Column valid = ValidatedTables.accepted();
        Column none = lit(null).cast(DataTypes.StringType);
        Column month = tables.givesMonths() ? when(valid, tally(Kind.MONTH, type, none, col(tables.eventDate())))
                : lit(null).cast(TALLY);
        Column platform = type == RecordType.PLATFORMS
                ? when(valid, tally(Kind.PLATFORM, type, col("platform_id"), null)) : lit(null).cast(TALLY);
        Column reasons = when(valid.unary_$bang(), transform(col(ValidatedSchema.REASONS),
                x -> tally(Kind.REASON, type, x, null)));
        Column unknown = transform(col(ValidatedSchema.UNKNOWN_KEYS), k -> tally(Kind.UNKNOWN_COLUMN, type, k, null));
        return concat(array_compact(array(platform, month)),
                coalesce(reasons, array().cast(DataTypes.createArrayType(TALLY))), unknown);
    }

    private static Column tally(Kind kind, RecordType type, Column value, Column date) {
        return struct(lit(kind.name()).as("kind"), lit(type.name()).as("record_type"),
                (kind == Kind.UNKNOWN_COLUMN ? col(ValidatedSchema.SOURCE_FILE) : lit(null).cast(DataTypes.StringType))
                        .as(ValidatedSchema.SOURCE_FILE),
                value.cast(DataTypes.StringType).as("value"),
                (date == null ? lit(null).cast(DataTypes.DateType) : trunc(date, "month")).as("month"));
    }

    /** Adds the writer's counts: each distinct tally (a {@link #TALLY} row) with how many rows carried it. */
    public void add(Map<Row, Long> counted) {
        counted.forEach(this::add);
    }

    private void add(Row tally, long n) {
        RecordType type = RecordType.valueOf(tally.getAs("record_type"));
        String value = tally.getAs("value");
        switch (Kind.valueOf(tally.getAs("kind"))) {
            case REASON -> reasons.computeIfAbsent(type, t -> new TreeMap<>()).merge(value, n, Long::sum);
            case UNKNOWN_COLUMN -> unknownColumns.computeIfAbsent(tally.getAs(ValidatedSchema.SOURCE_FILE),
                    f -> new TreeSet<>()).add(value);
            case PLATFORM -> platformIds.add(value);
            case MONTH -> months.computeIfAbsent(type, t -> new TreeSet<>()).add(monthOf(tally.getAs("month")));
        }
    }

    /** Adds the reasons of rejected rows counted elsewhere (the divisions, checked on the driver). */
    public void addReasons(RecordType type, List<String> why) {
        why.forEach(reason -> reasons.computeIfAbsent(type, t -> new TreeMap<>()).merge(reason, 1L, Long::sum));
    }

    /** Adds platform ids accepted before (an incremental run's published platforms). */
    public void addPlatformIds(List<String> ids) {
        platformIds.addAll(ids);
    }

    /** Forgets what was counted of a type (it is parsed again in full) and of its files. */
    public void forget(RecordType type, Set<String> files) {
        reasons.remove(type);
        months.remove(type);
        unknownColumns.keySet().removeAll(files);
    }

    /** The reasons of the type's rejected records, each with how many records gave it. */
    public Map<String, Long> reasons(RecordType type) {
        return Map.copyOf(reasons.getOrDefault(type, Map.of()));
    }

    /** The columns a file had that its type does not know. */
    public Set<String> unknownColumns(String file) {
        return Set.copyOf(unknownColumns.getOrDefault(file, Set.of()));
    }

    /** The ids of the accepted platforms. */
    public Set<String> platformIds() {
        return Set.copyOf(platformIds);
    }

    /** The months holding an accepted record, per type that gives months. */
    public Map<RecordType, Set<YearMonth>> months() {
        Map<RecordType, Set<YearMonth>> out = new EnumMap<>(RecordType.class);
        months.forEach((type, m) -> out.put(type, Set.copyOf(m)));
        return out;
    }

    private static YearMonth monthOf(Object date) {
        return YearMonth.from(date instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) date);
    }
}
