package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.trunc;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.Facts;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.RecordFileSource;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RoutedParquetWrite;
import org.burdenwatch.output.RunSummary.ReasonCount;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.DivisionHierarchy;
import org.burdenwatch.validation.RepeatedKeys;
import org.burdenwatch.validation.ValidatedSchema;
import org.burdenwatch.validation.Validation;
import org.burdenwatch.validation.ValidationContext;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The validate stage of one run: every record type read once and validated by Catalyst, its rows
 * routed into clean/ and quarantine/ in the same pass ({@link TableStore.Routing}); the types that
 * depend on nothing but divisions are written together in one Spark job. Repeats of a natural key
 * are then found from the keys alone, in one job for every type: the files that hold a repeat are
 * rewritten without it, and the repeat's raw text is read again from its input line for
 * duplicates/. An incremental run parses only new files and adds their rows to the published ones.
 */
final class Ingestion {

    private final SparkSession spark;
    private final TableStore store;
    private final InputInventory inventory;
    private final String runId;
    private final String settings;
    private final List<IngestLedger.Entry> previousLedger;
    private IncrementalPlan plan;
    private ValidationContext context;
    private DivisionDirectory divisions = DivisionDirectory.empty();
    private final Map<RecordType, Map<String, Long>> reasons = new EnumMap<>(RecordType.class);
    private final Map<String, Set<String>> unknownColumns = new TreeMap<>();
    private final Set<String> platformIds = new HashSet<>();
    private final Map<RecordType, TreeSet<YearMonth>> months = new EnumMap<>(RecordType.class);
    private final List<IngestLedger.Entry> ledger = new ArrayList<>();

    Ingestion(SparkSession spark, TableStore store, InputInventory inventory, IncrementalPlan plan,
              ValidationContext context, String runId, String settings, List<IngestLedger.Entry> previousLedger) {
        this.spark = spark;
        this.store = store;
        this.inventory = inventory;
        this.plan = plan;
        this.context = context;
        this.runId = runId;
        this.settings = settings;
        this.previousLedger = previousLedger == null ? List.of() : previousLedger;
    }

    /**
     * What the validate stage gives the stages after it: the plan as it stands after ingestion (a
     * type may have been parsed again in full), the counts per type (by folder), the accepted
     * divisions, and the months holding an accepted document or meeting among the files parsed.
     */
    record Result(IncrementalPlan plan, Map<String, TypeCounts> counts, DivisionDirectory divisions,
                  Map<RecordType, Set<YearMonth>> monthsParsed) {
    }

    /** Validates every record type as planned and writes the ledger. */
    Result run() {
        ingestDivisions();
        context = context.withDivisions(divisions);
        List<RecordType> small = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            if (type == RecordType.DIVISIONS || type == RecordType.PLATFORM_TASKS || !parses(type)) {
                continue;
            }
            if (bytesToParse(type) <= SparkTuning.SMALL_INPUT_BYTES) {
                small.add(type);
            } else {
                write(List.of(type));
            }
        }
        if (!small.isEmpty()) {
            write(small);
        }
        if (parses(RecordType.PLATFORM_TASKS)) {
            if (inventory.of(RecordType.PLATFORMS).supplied() && !parses(RecordType.PLATFORMS)) {
                publishedPlatformIds();
            }
            write(List.of(RecordType.PLATFORM_TASKS));
        }
        resolveRepeats();
        Map<String, TypeCounts> counts = new LinkedHashMap<>();
        for (RecordType type : RecordType.values()) {
            counts.put(type.folder(), counts(type));
        }
        writeLedger();
        Map<RecordType, Set<YearMonth>> parsed = new EnumMap<>(RecordType.class);
        months.forEach((type, m) -> parsed.put(type, Set.copyOf(m)));
        return new Result(plan, counts, divisions, parsed);
    }

    private boolean parses(RecordType type) {
        IncrementalPlan.Action a = plan.of(type).action();
        return inventory.of(type).supplied() && (a == IncrementalPlan.Action.REBUILD || a == IncrementalPlan.Action.APPEND);
    }

    private boolean appends(RecordType type) {
        return plan.of(type).action() == IncrementalPlan.Action.APPEND;
    }

    private long bytesToParse(RecordType type) {
        return plan.of(type).toParse().stream().mapToLong(SourceFile::sizeBytes).sum();
    }

    // ---- divisions: reference data, validated by Catalyst, checked and written from the driver ----

    private void ingestDivisions() {
        RecordType type = RecordType.DIVISIONS;
        if (plan.keeps(type)) {
            keep(type);
            divisions = directory(store.readPublished(OutputTable.clean(type)));
            return;
        }
        List<SourceFile> files = inventory.of(type).files();
        Dataset<Row> validated = Validation.validate(spark, type, files, context);
        List<Row> checked = DivisionHierarchy.check(validated);
        StructType schema = validated.schema();
        int reasonsAt = schema.fieldIndex(ValidatedSchema.REASONS);
        Map<String, Row> kept = new HashMap<>();
        List<Row> clean = new ArrayList<>();
        List<Row> quarantine = new ArrayList<>();
        List<Row> duplicates = new ArrayList<>();
        for (Row r : checked) {
            List<String> why = r.getList(reasonsAt);
            if (!why.isEmpty()) {
                quarantine.add(unplaced(select(r, schema, quarantineColumns(), type)));
                why.forEach(reason -> reasons.computeIfAbsent(type, t -> new TreeMap<>()).merge(reason, 1L, Long::sum));
                continue;
            }
            String key = r.getAs(ValidatedSchema.NATURAL_KEY);
            Row first = kept.putIfAbsent(key, r);
            if (first == null) {
                clean.add(select(r, schema, cleanColumnNames(type), null));
            } else {
                duplicates.add(RowFactory.create(type.folder(), r.getAs(ValidatedSchema.SOURCE_FILE),
                        r.getAs(ValidatedSchema.SOURCE_LINE), r.getAs(ValidatedSchema.RAW), key,
                        first.getAs(ValidatedSchema.SOURCE_FILE), first.getAs(ValidatedSchema.SOURCE_LINE)));
            }
        }
        store.writeLocal(OutputTable.clean(type), columnsOf(validated, cleanColumnNames(type)), clean);
        store.writeLocal(OutputTable.quarantine(type), quarantineSchema(validated, type), quarantine);
        store.writeLocal(OutputTable.duplicates(type), duplicatesSchema(), duplicates);
        divisions = DivisionHierarchy.directory(checked, schema);
        addLedger(type, files);
    }

    private static DivisionDirectory directory(Dataset<Row> cleanDivisions) {
        List<DivisionDirectory.Division> all = new ArrayList<>();
        for (Row r : cleanDivisions.select("code", "name", "level", "parent_code", "grassroots_cadres").collectAsList()) {
            all.add(new DivisionDirectory.Division(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
                    r.isNullAt(4) ? null : r.getLong(4)));
        }
        return new DivisionDirectory(all);
    }

    /** A collected validated row's values in the given columns (record_type first when given). */
    private static Row select(Row r, StructType schema, List<String> columns, RecordType recordType) {
        List<Object> values = new ArrayList<>();
        if (recordType != null) {
            values.add(recordType.folder());
        }
        for (String c : columns) {
            values.add(r.get(schema.fieldIndex(c)));
        }
        return RowFactory.create(values.toArray());
    }

    /** A quarantined row of a type that is not an event: no division or month to place it in. */
    private static Row unplaced(Row r) {
        Object[] values = new Object[r.size() + 2];
        for (int i = 0; i < r.size(); i++) {
            values[i] = r.get(i);
        }
        return RowFactory.create(values);
    }

    // ---- the other types: one routed pass per group ----

    /** Reads, validates and routes the files to parse of these types, in one Spark job. */
    private void write(List<RecordType> types) {
        TableStore.Routing routing = store.routing();
        Map<RecordType, Dataset<Row>> validated = new LinkedHashMap<>();
        Map<RecordType, int[]> routes = new LinkedHashMap<>();
        for (RecordType type : types) {
            Dataset<Row> v = validated(type);
            validated.put(type, v);
            routes.put(type, new int[] {routing.to(OutputTable.clean(type), columnsOf(v, cleanColumnNames(type))),
                routing.to(OutputTable.quarantine(type), quarantineSchema(v, type))});
        }
        Dataset<Row> routed = null;
        for (Map.Entry<RecordType, Dataset<Row>> e : validated.entrySet()) {
            Dataset<Row> part = routedRows(e.getKey(), e.getValue(), routes.get(e.getKey()), routing);
            routed = routed == null ? part : routed.union(part);
        }
        RoutedParquetWrite.Result result = routing.write(fewTasks(routed, types));
        result.tallies().forEach(this::counted);
        for (RecordType type : types) {
            if (appends(type)) {
                // the published rows join this run's in the staged tables
                store.carryOver(OutputTable.clean(type), routing.columns(OutputTable.clean(type)));
                store.carryOver(OutputTable.quarantine(type), routing.columns(OutputTable.quarantine(type)));
            }
            addLedger(type, plan.of(type).toParse());
        }
    }

    /** The rows of these types in a task a core when their files are small together ({@link SparkTuning#fewTasks}). */
    private Dataset<Row> fewTasks(Dataset<Row> rows, List<RecordType> types) {
        return SparkTuning.fewTasks(spark, rows, types.stream().mapToLong(this::bytesToParse).sum());
    }

    private static final String KNOWN_PLATFORM = "_known_platform_id";

    private Dataset<Row> validated(RecordType type) {
        Dataset<Row> v = Validation.validate(spark, type, plan.of(type).toParse(), context);
        if (type == RecordType.PLATFORM_TASKS) {
            // a task naming no known platform is kept and flagged; null when platforms were not supplied.
            // Known by a left join to the accepted platform ids (a broadcast table: tens of thousands
            // nationally, too many for a literal list in the plan)
            Column known = lit(null).cast(DataTypes.BooleanType);
            if (inventory.of(RecordType.PLATFORMS).supplied()) {
                List<Row> ids = new ArrayList<>();
                platformIds.forEach(id -> ids.add(RowFactory.create(id)));
                Dataset<Row> accepted = broadcast(spark.createDataFrame(ids,
                        new StructType().add(KNOWN_PLATFORM, DataTypes.StringType, false)));
                v = v.join(accepted, col("platform_id").equalTo(col(KNOWN_PLATFORM)), "left");
                known = col(KNOWN_PLATFORM).isNotNull();
            }
            v = v.withColumn("platform_known", when(col("platform_id").isNull(), lit(false)).otherwise(known))
                    .drop(KNOWN_PLATFORM);
        }
        return v;
    }

    /** A type's rows in the routing's layout: clean or quarantine, with their tallies. */
    private static Dataset<Row> routedRows(RecordType type, Dataset<Row> v, int[] routes, TableStore.Routing routing) {
        Column valid = size(col(ValidatedSchema.REASONS)).equalTo(0);
        Column none = lit(null).cast(DataTypes.StringType);
        Column month = type == RecordType.DOCUMENTS || type == RecordType.MEETINGS
                ? when(valid, tally(Tally.MONTH, type, none,
                        col(type == RecordType.DOCUMENTS ? "issued_on" : "started_on")))
                : lit(null).cast(TALLY);
        Column platform = type == RecordType.PLATFORMS
                ? when(valid, tally(Tally.PLATFORM, type, col("platform_id"), null)) : lit(null).cast(TALLY);
        Column reasons = when(valid.unary_$bang(), transform(col(ValidatedSchema.REASONS),
                x -> tally(Tally.REASON, type, x, null)));
        Column unknown = transform(col(ValidatedSchema.UNKNOWN_KEYS), k -> tally(Tally.UNKNOWN_COLUMN, type, k, null));
        Column tallies = concat(array_compact(array(platform, month)),
                org.apache.spark.sql.functions.coalesce(reasons, array().cast(DataTypes.createArrayType(TALLY))),
                unknown);
        return v.select(routing.row(when(valid, lit(routes[0])).otherwise(lit(routes[1])), Map.of(
                OutputTable.clean(type), when(valid, struct(cleanColumns(type, v))),
                OutputTable.quarantine(type), when(valid.unary_$bang(), struct(quarantineColumns(type)))), tallies));
    }

    /**
     * What the validate pass counts of its rows as it writes them (the routed write's tallies,
     * counted once per committed task): a rejected record's reasons, a file's unknown columns, an
     * accepted platform's id, a month holding an accepted document or meeting.
     */
    enum Tally { REASON, UNKNOWN_COLUMN, PLATFORM, MONTH }

    /** A tally's fields: its kind, the record type, the file, the reason, column or id, the month. */
    static final StructType TALLY = new StructType().add("kind", DataTypes.StringType, false)
            .add("record_type", DataTypes.StringType, false).add(ValidatedSchema.SOURCE_FILE, DataTypes.StringType)
            .add("value", DataTypes.StringType).add("month", DataTypes.DateType);

    private static Column tally(Tally kind, RecordType type, Column value, Column date) {
        return struct(lit(kind.name()).as("kind"), lit(type.name()).as("record_type"),
                (kind == Tally.UNKNOWN_COLUMN ? col(ValidatedSchema.SOURCE_FILE) : lit(null).cast(DataTypes.StringType))
                        .as(ValidatedSchema.SOURCE_FILE),
                value.cast(DataTypes.StringType).as("value"),
                (date == null ? lit(null).cast(DataTypes.DateType) : trunc(date, "month")).as("month"));
    }

    private void counted(Row tally, long n) {
        RecordType type = RecordType.valueOf(tally.getAs("record_type"));
        String value = tally.getAs("value");
        switch (Tally.valueOf(tally.getAs("kind"))) {
            case REASON -> reasons.computeIfAbsent(type, t -> new TreeMap<>()).merge(value, n, Long::sum);
            case UNKNOWN_COLUMN -> unknownColumns.computeIfAbsent(tally.getAs(ValidatedSchema.SOURCE_FILE),
                    f -> new TreeSet<>()).add(value);
            case PLATFORM -> platformIds.add(value);
            case MONTH -> months.computeIfAbsent(type, t -> new TreeSet<>()).add(Facts.monthOf(tally.getAs("month")));
        }
    }

    private void publishedPlatformIds() {
        for (Row r : store.readPublished(OutputTable.clean(RecordType.PLATFORMS)).select("platform_id")
                .distinct().collectAsList()) {
            platformIds.add(r.getString(0));
        }
    }

    // ---- repeats of a natural key ----

    /**
     * Finds the natural keys that more than one accepted record carries, in one key-only job for
     * every type parsed; keeps the first copy by file path, then line; rewrites the staged clean
     * files that hold the others; writes them to duplicates/ with their raw text read again from
     * their input lines. A new record that would displace a published one (it sorts before it)
     * makes its type be parsed again in full.
     */
    private void resolveRepeats() {
        List<RecordType> types = new ArrayList<>();
        for (RecordType type : RecordType.values()) {
            if (type != RecordType.DIVISIONS && parses(type)) {
                types.add(type);
            }
        }
        if (types.isEmpty()) {
            return;
        }
        RepeatedKeys.Repeats repeats = repeats(types);
        List<RecordType> displaced = new ArrayList<>();
        for (RecordType type : types) {
            if (appends(type) && repeats != null && repeats.types().contains(type.name())) {
                Set<String> fresh = new HashSet<>();
                plan.of(type).toParse().forEach(f -> fresh.add(f.path()));
                // a published record would no longer be the copy kept
                List<Row> few = repeats.extraOnDriver(type);
                if (few != null ? few.stream().anyMatch(r -> !fresh.contains(r.getString(2)))
                        : !repeats.extra(type).filter(not(col(ValidatedSchema.SOURCE_FILE).isin(fresh.toArray())))
                        .isEmpty()) {
                    displaced.add(type);
                }
            }
        }
        for (RecordType type : displaced) {
            plan = plan.rebuilding(type, inventory.of(type).files());
            for (OutputTable t : List.of(OutputTable.clean(type), OutputTable.quarantine(type))) {
                store.discardStaged(t);
            }
            reasons.remove(type);
            ledger.removeIf(e -> e.recordType().equals(type.folder()));
            unknownColumns.keySet().removeIf(f -> inventory.of(type).files().stream().anyMatch(s -> s.path().equals(f)));
            write(List.of(type));
        }
        if (!displaced.isEmpty()) {
            repeats.release();
            repeats = repeats(types); // the types parsed again in full hold other copies now
        }
        try {
            for (RecordType type : types) {
                writeDuplicates(type, repeats);
            }
        } finally {
            if (repeats != null) {
                repeats.release();
            }
        }
    }

    private RepeatedKeys.Repeats repeats(List<RecordType> types) {
        Dataset<Row> keys = null;
        for (RecordType type : types) {
            Dataset<Row> k = store.read(OutputTable.clean(type)).select(lit(type.name()).as("type"),
                    Validation.naturalKeyOf(type).as("key"), col(ValidatedSchema.SOURCE_FILE),
                    col(ValidatedSchema.SOURCE_LINE), col("_metadata.file_path").as("staged_file"));
            if (appends(type)) {
                // the published records carry a key each (their table holds one copy of a key), so a key
                // repeats only where a record of this run carries it: the copies of those keys alone are
                // gathered, where every published key would be shuffled and grouped (2.4M published tasks:
                // 34 of the incremental run's CPU-s)
                Set<String> fresh = new HashSet<>();
                plan.of(type).toParse().forEach(f -> fresh.add(f.path()));
                Dataset<Row> freshKeys = k.filter(col(ValidatedSchema.SOURCE_FILE).isin(fresh.toArray()))
                        .select(col("key"));
                k = k.join(bytesToParse(type) <= SparkTuning.SMALL_INPUT_BYTES ? broadcast(freshKeys) : freshKeys,
                        CollectionConverters.asScala(List.of("key")).toSeq(), "left_semi");
            }
            keys = keys == null ? k : keys.union(k);
        }
        return RepeatedKeys.copies(spark, fewTasks(keys, types), RepeatedKeys.LISTED);
    }

    /** Rewrites the staged clean files that hold repeats without them, and writes duplicates/. */
    private void writeDuplicates(RecordType type, RepeatedKeys.Repeats repeats) {
        OutputTable clean = OutputTable.clean(type);
        OutputTable duplicates = OutputTable.duplicates(type);
        if (repeats == null || !repeats.types().contains(type.name())) {
            if (appends(type)) {
                store.carryOver(duplicates, duplicatesSchema());
            } else {
                store.writeLocal(duplicates, duplicatesSchema(), List.of());
            }
            return;
        }
        Dataset<Row> extra = repeats.extra(type);
        List<Row> extraOnDriver = repeats.extraOnDriver(type);
        // the files that hold a copy not kept (files, not rows: few): rewritten without it
        Set<String> affectedFiles = new TreeSet<>();
        if (extraOnDriver != null) {
            extraOnDriver.forEach(r -> affectedFiles.add(r.getString(4)));
        } else {
            extra.select("staged_file").distinct().collectAsList().forEach(r -> affectedFiles.add(r.getString(0)));
        }
        List<String> affected = new ArrayList<>(affectedFiles);
        Dataset<Row> drop = extra.select(col(ValidatedSchema.SOURCE_FILE).as("_d_file"),
                col(ValidatedSchema.SOURCE_LINE).as("_d_line"), col("key").as("natural_key"),
                col("kept_file").as("kept_source_file"), col("kept_line").as("kept_source_line"));
        if (extraOnDriver != null) {
            drop = broadcast(drop); // a small local table: no Spark job to broadcast it
        }
        StructType cleanSchema = store.read(clean).schema();
        long before = store.stagedFileRows(affected);
        Dataset<Row> rest = spark.read().schema(cleanSchema).parquet(affected.toArray(new String[0]))
                .join(drop, col(ValidatedSchema.SOURCE_FILE).equalTo(col("_d_file"))
                        .and(col(ValidatedSchema.SOURCE_LINE).equalTo(col("_d_line"))), "left_anti");
        TableStore.Routing rewrite = store.routing();
        int route = rewrite.to(clean, cleanSchema);
        store.removed(clean, before);
        rewrite.write(rest.select(rewrite.row(lit(route), Map.of(clean, struct(col("*"))), null)));
        store.deleteStagedFiles(affected);

        // the repeats' raw text, read again from their input: their lines alone when they are few,
        // else the files that hold them, whole (a list of a million lines would be the driver's memory)
        Map<String, Set<Long>> lines = null;
        Set<String> holding = new HashSet<>();
        if (extraOnDriver != null) {
            lines = new HashMap<>();
            for (Row r : extraOnDriver) {
                lines.computeIfAbsent(r.getString(2), f -> new TreeSet<>()).add(r.getLong(3));
            }
            holding.addAll(lines.keySet());
        } else {
            extra.select(ValidatedSchema.SOURCE_FILE).distinct().collectAsList().forEach(r -> holding.add(r.getString(0)));
        }
        List<SourceFile> files = inventory.of(type).files().stream().filter(f -> holding.contains(f.path())).toList();
        Dataset<Row> raw = RecordFileSource.read(spark, type, files, context.redaction(), lines,
                context.maxLineBytes());
        Dataset<Row> rows = raw.join(drop, col(ValidatedSchema.SOURCE_FILE).equalTo(col("_d_file"))
                .and(col(ValidatedSchema.SOURCE_LINE).equalTo(col("_d_line"))))
                .select(lit(type.folder()).as("record_type"), col(ValidatedSchema.SOURCE_FILE),
                        col(ValidatedSchema.SOURCE_LINE), col(ValidatedSchema.RAW), col("natural_key"),
                        col("kept_source_file"), col("kept_source_line"));
        TableStore.Routing dup = store.routing();
        int d = dup.to(duplicates, duplicatesSchema());
        dup.write(rows.select(dup.row(lit(d), Map.of(duplicates, struct(col("*"))), null)));
        if (appends(type)) {
            store.carryOver(duplicates, duplicatesSchema());
        }
    }

    // ---- what each table holds ----

    private static List<String> cleanColumnNames(RecordType type) {
        List<String> names = new ArrayList<>(List.of(ValidatedSchema.SOURCE_FILE, ValidatedSchema.SOURCE_LINE));
        for (var f : type.fields()) {
            if (!f.isPersonal()) {
                names.add(f.name());
            }
        }
        for (var f : ValidatedSchema.timestampFields(type)) {
            names.add(f.localDateColumn());
            names.add(f.localTimeColumn());
        }
        if (type == RecordType.PLATFORM_TASKS) {
            names.add("platform_known");
        }
        return names;
    }

    private static Column[] cleanColumns(RecordType type, Dataset<Row> v) {
        return cleanColumnNames(type).stream().map(c -> v.col(c).as(c)).toArray(Column[]::new);
    }

    private static List<String> quarantineColumns() {
        return List.of(ValidatedSchema.SOURCE_FILE, ValidatedSchema.SOURCE_LINE, ValidatedSchema.RAW,
                ValidatedSchema.RAW_LENGTH, ValidatedSchema.RAW_SHA256, ValidatedSchema.REASONS);
    }

    private static Column[] quarantineColumns(RecordType type) {
        List<Column> cols = new ArrayList<>(List.of(lit(type.folder()).as("record_type")));
        quarantineColumns().forEach(c -> cols.add(col(c)));
        // where the record would have counted, when its county and date were readable (quality/completeness)
        IndicatorSource source = Arrays.stream(IndicatorSource.values())
                .filter(s -> s.isEvent() && s.recordType() == type).findFirst().orElse(null);
        // a code, never free text (a name typed into the field is not kept)
        cols.add((source == null ? lit(null).cast(DataTypes.StringType)
                : when(col(Facts.COUNTY).rlike("^[0-9]{6}$"), col(Facts.COUNTY))).as(ValidatedSchema.QUARANTINE_DIVISION));
        cols.add((source == null ? lit(null).cast(DataTypes.DateType) : trunc(col(source.eventDate()), "month"))
                .as(ValidatedSchema.QUARANTINE_MONTH));
        return cols.toArray(new Column[0]);
    }


    private static StructType columnsOf(Dataset<Row> v, List<String> names) {
        return v.select(names.stream().map(v::col).toArray(Column[]::new)).schema();
    }

    private static StructType quarantineSchema(Dataset<Row> v, RecordType type) {
        return v.select(quarantineColumns(type)).schema();
    }

    static StructType duplicatesSchema() {
        return new StructType().add("record_type", DataTypes.StringType, false)
                .add(ValidatedSchema.SOURCE_FILE, DataTypes.StringType, false)
                .add(ValidatedSchema.SOURCE_LINE, DataTypes.LongType, false)
                .add(ValidatedSchema.RAW, DataTypes.StringType, true)
                .add(ValidatedSchema.NATURAL_KEY, DataTypes.StringType, true)
                .add("kept_source_file", DataTypes.StringType, true)
                .add("kept_source_line", DataTypes.LongType, true);
    }

    private void keep(RecordType type) {
        for (OutputTable t : List.of(OutputTable.clean(type), OutputTable.quarantine(type), OutputTable.duplicates(type))) {
            store.keep(t);
        }
    }

    /** The counts of a type over the tables this run publishes, and its commonest reasons. */
    private TypeCounts counts(RecordType type) {
        InputInventory.TypeInput input = inventory.of(type);
        if (!input.supplied()) {
            return new TypeCounts(false, 0, 0, 0, 0, 0, 0, 0, List.of(), Map.of(), List.of());
        }
        if (plan.keeps(type)) {
            keep(type);
            ledger.addAll(previous(type));
        }
        long accepted = store.rows(OutputTable.clean(type));
        long quarantined = store.rows(OutputTable.quarantine(type));
        long duplicates = store.rows(OutputTable.duplicates(type));
        Map<String, Long> why = new TreeMap<>(reasons.getOrDefault(type, Map.of()));
        if (!parses(type) || appends(type)) {
            // the published quarantine's reasons (a small table: rejected records only)
            if (plan.keeps(type) || appends(type)) {
                for (Row r : store.readPublished(OutputTable.quarantine(type))
                        .select(explode(col(ValidatedSchema.REASONS)).as("reason")).groupBy("reason").count()
                        .collectAsList()) {
                    why.merge(r.getString(0), r.getLong(1), Long::sum);
                }
            }
        }
        List<ReasonCount> top = why.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
        Map<String, List<String>> unknown = new TreeMap<>();
        for (IngestLedger.Entry e : ledger) {
            if (e.recordType().equals(type.folder()) && !e.unknownColumns().isEmpty()) {
                unknown.put(e.path(), e.unknownColumns());
            }
        }
        int parsed = parses(type) ? plan.of(type).toParse().size() : 0;
        return new TypeCounts(true, input.files().size(), parsed, input.totalBytes(),
                accepted + quarantined + duplicates, accepted, quarantined, duplicates, top, unknown,
                input.ignored());
    }

    private List<IngestLedger.Entry> previous(RecordType type) {
        return previousLedger.stream().filter(e -> e.recordType().equals(type.folder()))
                .map(e -> e.withSettings(settings)).toList();
    }

    private void addLedger(RecordType type, List<SourceFile> parsed) {
        if (appends(type)) {
            ledger.addAll(previous(type));
        }
        for (SourceFile f : parsed) {
            List<String> unknown = new ArrayList<>(f.unknownColumns());
            unknown.addAll(unknownColumns.getOrDefault(f.path(), Set.of()));
            ledger.add(IngestLedger.Entry.of(f, unknown, runId, settings));
        }
    }

    private void writeLedger() {
        store.writeLocal(OutputTable.INGESTED_FILES, IngestLedger.schema(), IngestLedger.rows(ledger));
    }
}
