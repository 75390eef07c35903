package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.incremental.FirstIngest;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.RecordFileSource;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary.ReasonCount;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.output.TableStore;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.DivisionDirectory;
import org.burdenwatch.validation.DivisionRecords;
import org.burdenwatch.validation.RepeatedKeys;
import org.burdenwatch.validation.ValidatedSchema;
import org.burdenwatch.validation.ValidatedTables;
import org.burdenwatch.validation.Validation;
import org.burdenwatch.validation.ValidationContext;
import org.burdenwatch.validation.ValidationTallies;

/**
 * The validate stage of one run, its reads and writes: every record type read once and validated
 * by Catalyst ({@link Validation}), its rows routed into clean/ and quarantine/ in the same pass as
 * {@link ValidatedTables} declares them; the types that depend on nothing but divisions are written
 * together in one Spark job. Repeats of a natural key are then found from the keys alone, in one job
 * for every type ({@link RepeatedKeys}): the files that hold a repeat are rewritten without it, and
 * the repeat's raw text is read again from its input line for duplicates/. An incremental run
 * parses only new files and adds their rows to the published ones.
 */
final class ValidateStage {

    private final SparkSession spark;
    private final TableStore store;
    private final InputInventory inventory;
    private final String runId;
    private final String settings;
    private final List<IngestLedger.Entry> previousLedger;
    private final FirstIngest firstIngest;
    private IncrementalPlan plan;
    private ValidationContext context;
    private DivisionDirectory divisions = DivisionDirectory.empty();
    private final ValidationTallies tallies = new ValidationTallies();
    private final List<IngestLedger.Entry> ledger = new ArrayList<>();

    ValidateStage(SparkSession spark, TableStore store, InputInventory inventory, IncrementalPlan plan,
                  ValidationContext context, String runId, String settings, List<IngestLedger.Entry> previousLedger,
                  FirstIngest firstIngest) {
        this.spark = spark;
        this.store = store;
        this.inventory = inventory;
        this.plan = plan;
        this.context = context;
        this.runId = runId;
        this.settings = settings;
        this.previousLedger = previousLedger == null ? List.of() : previousLedger;
        this.firstIngest = firstIngest;
    }

    /**
     * What the validate stage gives the stages after it: the plan as it stands after validation (a
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
                tallies.addPlatformIds(store.readPublished(OutputTable.clean(RecordType.PLATFORMS))
                        .select("platform_id").distinct().as(Encoders.STRING()).collectAsList());
            }
            write(List.of(RecordType.PLATFORM_TASKS));
        }
        resolveRepeats();
        Map<String, TypeCounts> counts = new LinkedHashMap<>();
        for (RecordType type : RecordType.values()) {
            counts.put(type.folder(), counts(type));
        }
        store.writeLocal(OutputTable.INGESTED_FILES, IngestLedger.schema(), IngestLedger.rows(ledger));
        return new Result(plan, counts, divisions, tallies.months());
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

    private Set<String> pathsToParse(RecordType type) {
        Set<String> paths = new HashSet<>();
        plan.of(type).toParse().forEach(f -> paths.add(f.path()));
        return paths;
    }

    /** Divisions: reference data, validated by Catalyst, checked and written from the driver. */
    private void ingestDivisions() {
        RecordType type = RecordType.DIVISIONS;
        if (plan.keeps(type)) {
            keep(type);
            divisions = DivisionRecords.directory(store.readPublished(OutputTable.clean(type)));
            return;
        }
        List<SourceFile> files = inventory.of(type).files();
        DivisionRecords split = DivisionRecords.of(stamped(type, Validation.validate(spark, type, files, context), files));
        split.reasons().forEach(why -> tallies.addReasons(type, why));
        store.writeLocal(OutputTable.clean(type), split.cleanSchema(), split.clean());
        store.writeLocal(OutputTable.quarantine(type), split.quarantineSchema(), split.quarantine());
        store.writeLocal(OutputTable.duplicates(type), ValidatedTables.duplicatesSchema(), split.duplicates());
        divisions = split.directory();
        addLedger(type, files);
    }

    /** Validated rows of these files with when each record arrived ({@link FirstIngest}). */
    private Dataset<Row> stamped(RecordType type, Dataset<Row> validated, List<SourceFile> files) {
        OutputTable clean = OutputTable.clean(type);
        return firstIngest.stamp(validated, IndicatorSource.tablesOf(type), files,
                firstIngest.changed(files).isEmpty() || !store.isPublished(clean) ? null : store.readPublished(clean));
    }

    /** Reads, validates and routes the files to parse of these types, in one Spark job. */
    private void write(List<RecordType> types) {
        TableStore.Routing routing = store.routing();
        Map<RecordType, Dataset<Row>> validated = new LinkedHashMap<>();
        Map<RecordType, int[]> routes = new LinkedHashMap<>();
        for (RecordType type : types) {
            ValidatedTables tables = IndicatorSource.tablesOf(type);
            Dataset<Row> v = stamped(type, Validation.validate(spark, type, plan.of(type).toParse(), context),
                    plan.of(type).toParse());
            if (type == RecordType.PLATFORM_TASKS) {
                v = ValidatedTables.withPlatformKnown(spark, v,
                        inventory.of(RecordType.PLATFORMS).supplied() ? tallies.platformIds() : null);
            }
            validated.put(type, v);
            routes.put(type, new int[] {routing.to(OutputTable.clean(type), tables.cleanSchema(v)),
                routing.to(OutputTable.quarantine(type), tables.quarantineSchema(v))});
        }
        // every route is added before a row is laid out: a row holds a struct for each table of the write
        Dataset<Row> routed = null;
        for (RecordType type : types) {
            ValidatedTables tables = IndicatorSource.tablesOf(type);
            Dataset<Row> v = validated.get(type);
            int[] to = routes.get(type);
            Dataset<Row> part = v.select(routing.row(when(ValidatedTables.accepted(), lit(to[0])).otherwise(lit(to[1])),
                    Map.of(OutputTable.clean(type), tables.cleanRow(v), OutputTable.quarantine(type), tables.quarantineRow()),
                    ValidationTallies.of(tables)));
            routed = routed == null ? part : routed.union(part);
        }
        tallies.add(routing.write(fewTasks(routed, types)).tallies());
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
            if (appends(type) && repeats != null && repeats.displacesPublished(type, pathsToParse(type))) {
                displaced.add(type);
            }
        }
        for (RecordType type : displaced) {
            plan = plan.rebuilding(type, inventory.of(type).files());
            for (OutputTable t : List.of(OutputTable.clean(type), OutputTable.quarantine(type))) {
                store.discardStaged(t);
            }
            ledger.removeIf(e -> e.recordType().equals(type.folder()));
            Set<String> files = new HashSet<>();
            inventory.of(type).files().forEach(f -> files.add(f.path()));
            tallies.forget(type, files);
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
            Dataset<Row> k = RepeatedKeys.keys(type, store.read(OutputTable.clean(type)), col("_metadata.file_path"));
            if (appends(type)) {
                k = RepeatedKeys.keysCarriedBy(k, pathsToParse(type), bytesToParse(type) <= SparkTuning.SMALL_INPUT_BYTES);
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
                store.carryOver(duplicates, ValidatedTables.duplicatesSchema());
            } else {
                store.writeLocal(duplicates, ValidatedTables.duplicatesSchema(), List.of());
            }
            return;
        }
        Dataset<Row> toDrop = repeats.toDrop(type);
        List<String> affected = new ArrayList<>(repeats.stagedFiles(type));
        StructType cleanSchema = store.read(clean).schema();
        long before = store.stagedFileRows(affected);
        Dataset<Row> rest = RepeatedKeys.withoutCopiesNotKept(
                spark.read().schema(cleanSchema).parquet(affected.toArray(new String[0])), toDrop);
        TableStore.Routing rewrite = store.routing();
        int route = rewrite.to(clean, cleanSchema);
        store.removed(clean, before);
        rewrite.write(rest.select(rewrite.row(lit(route), Map.of(clean, struct(col("*"))), null)));
        store.deleteStagedFiles(affected);

        Set<String> holding = repeats.inputFiles(type);
        List<SourceFile> files = inventory.of(type).files().stream().filter(f -> holding.contains(f.path())).toList();
        Dataset<Row> raw = RecordFileSource.read(spark, type, files, context.redaction(), repeats.inputLines(type),
                context.maxLineBytes());
        Dataset<Row> rows = RepeatedKeys.duplicates(type, raw, toDrop);
        TableStore.Routing dup = store.routing();
        int d = dup.to(duplicates, ValidatedTables.duplicatesSchema());
        dup.write(rows.select(dup.row(lit(d), Map.of(duplicates, struct(col("*"))), null)));
        if (appends(type)) {
            store.carryOver(duplicates, ValidatedTables.duplicatesSchema());
        }
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
        Map<String, Long> why = new TreeMap<>(tallies.reasons(type));
        if (plan.keeps(type) || appends(type)) {
            // the published quarantine's reasons (a small table: rejected records only)
            for (Row r : store.readPublished(OutputTable.quarantine(type))
                    .select(explode(col(ValidatedSchema.REASONS)).as("reason")).groupBy("reason").count()
                    .collectAsList()) {
                why.merge(r.getString(0), r.getLong(1), Long::sum);
            }
        }
        Map<String, List<String>> unknown = new TreeMap<>();
        for (IngestLedger.Entry e : ledger) {
            if (e.recordType().equals(type.folder()) && !e.unknownColumns().isEmpty()) {
                unknown.put(e.path(), e.unknownColumns());
            }
        }
        int parsed = parses(type) ? plan.of(type).toParse().size() : 0;
        return new TypeCounts(true, input.files().size(), parsed, input.totalBytes(),
                accepted + quarantined + duplicates, accepted, quarantined, duplicates, ReasonCount.commonest(why, 10),
                unknown, input.ignored());
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
            unknown.addAll(new TreeSet<>(tallies.unknownColumns(f.path())));
            ledger.add(firstIngest.entry(f, unknown, settings));
        }
    }
}
