package org.burdenwatch.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.explode;

import java.io.IOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.incremental.IncrementalPlan;
import org.burdenwatch.incremental.IngestLedger;
import org.burdenwatch.indicators.IndicatorSource;
import org.burdenwatch.input.FileFormat;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.output.DataDictionary;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.output.OutputTable;
import org.burdenwatch.output.RunSummary.ReasonCount;
import org.burdenwatch.output.RunSummary.TypeCounts;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.ValidatedSchema;
import org.burdenwatch.validation.ValidationContext;
import org.burdenwatch.validation.Validation;

/**
 * The validate stage of one run: per record type, as the {@link IncrementalPlan} says, keeps the
 * published tables, parses only the new files and adds their records to them, or parses every
 * file. It writes clean/, quarantine/ and duplicates/ to staging, counts them, and keeps the
 * ledger of ingested files and the months in which new records fall.
 */
final class Ingestion {
    /** Up to this many repeated natural keys are broadcast to classify records without a shuffle. */
    private static final long BROADCAST_REPEATS = 1_000_000L;

    private final SparkSession spark;
    private final InputInventory inventory;
    private final OutputStore store;
    private final String runId;
    private final String settings;
    private final List<IngestLedger.Entry> previousLedger;
    private IncrementalPlan plan;
    private final Map<RecordType, StructType> schemas = new EnumMap<>(RecordType.class);
    private final Set<RecordType> staged = new HashSet<>();
    private final List<IngestLedger.Entry> ledger = new ArrayList<>();
    private final Set<YearMonth> monthsWithNewRecords = new HashSet<>();

    Ingestion(SparkSession spark, InputInventory inventory, OutputStore store, IncrementalPlan plan, String runId,
              String settings, List<IngestLedger.Entry> previousLedger) {
        this.spark = spark;
        this.inventory = inventory;
        this.store = store;
        this.plan = plan;
        this.runId = runId;
        this.settings = settings;
        this.previousLedger = previousLedger == null ? List.of() : previousLedger;
    }

    /** The plan as it stands after ingestion (a type may have been parsed again in full). */
    IncrementalPlan plan() {
        return plan;
    }

    List<IngestLedger.Entry> ledger() {
        return ledger;
    }

    /** The months holding a new accepted event record (documents, meetings, tasks, inspections, visits). */
    Set<YearMonth> monthsWithNewRecords() {
        return monthsWithNewRecords;
    }

    /** Where this run reads a type's clean table: staged when it wrote one, else the published one. */
    String cleanPath(RecordType type) {
        String table = OutputTable.clean(type).path();
        return staged.contains(type) ? store.stagedPath(table) : store.publishedPath(table);
    }

    /** The clean records of a type, or null when its folder was not supplied. */
    Dataset<Row> clean(RecordType type) {
        if (!inventory.of(type).supplied()) {
            return null;
        }
        return spark.read().schema(schemas.get(type)).parquet(cleanPath(type));
    }

    /** Validates one record type as planned and returns its counts over every file the output holds. */
    TypeCounts ingest(RecordType type, ValidationContext context) throws IOException {
        InputInventory.TypeInput input = inventory.of(type);
        IncrementalPlan.TypePlan typePlan = plan.of(type);
        if (!input.supplied()) {
            return new TypeCounts(false, 0, 0, 0, 0, 0, 0, 0, List.of(), Map.of(), List.of());
        }
        switch (typePlan.action()) {
            case UNCHANGED:
                schemas.put(type, spark.read().parquet(cleanPath(type)).schema());
                ledger.addAll(previousEntries(type));
                return counts(type, input, 0, null);
            case APPEND:
                Long[] added = parse(type, typePlan.toParse(), context, true);
                if (added != null) {
                    ledger.addAll(previousEntries(type));
                    return counts(type, input, typePlan.toParse().size(), added);
                }
                // a new record sorts before a kept copy of its key: parse the type again
                plan = plan.rebuilding(type, input.files());
                return ingest(type, context);
            default:
                return counts(type, input, input.files().size(), parse(type, input.files(), context, false));
        }
    }

    private List<IngestLedger.Entry> previousEntries(RecordType type) {
        return previousLedger.stream().filter(e -> e.recordType().equals(type.folder()))
                .map(e -> e.withSettings(settings)).toList();
    }

    /**
     * Parses files, classifies their records (against the published accepted keys when adding) and
     * writes the three tables to staging, the published rows carried over when adding. Returns the
     * new records accepted, quarantined and duplicate; null when adding would displace a kept record.
     */
    private Long[] parse(RecordType type, List<SourceFile> files, ValidationContext context, boolean adding)
            throws IOException {
        Dataset<Row> validated = Validation.validate(spark, type, files, context);
        if (type == RecordType.DIVISIONS) {
            validated = Validation.checkDivisionHierarchy(validated);
        }
        // parse once; the repeated natural keys (few) are found from the keys alone and broadcast,
        // so classifying shuffles no whole record
        validated = validated.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Dataset<Row> accepted = adding ? Validation.acceptedKeys(spark.read().parquet(cleanPath(type)), type) : null;
            Dataset<Row> repeated = (adding ? Validation.repeatedKeys(validated, accepted)
                    : Validation.repeatedKeys(validated)).localCheckpoint();
            if (adding && !Validation.displaced(accepted, repeated).isEmpty()) {
                return null;
            }
            Dataset<Row> classified = Validation.classify(validated,
                    repeated.count() <= BROADCAST_REPEATS ? functions.broadcast(repeated) : repeated);
            Map<String, Long> byDisposition = new HashMap<>();
            for (Row r : classified.groupBy(Validation.DISPOSITION).count().collectAsList()) {
                byDisposition.put(r.getString(0), r.getLong(1));
            }
            OutputTable quarantineTable = OutputTable.quarantine(type);
            DataDictionary.annotate(quarantineTable, Validation.quarantine(classified, type))
                    .write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(quarantineTable.path()));
            Dataset<Row> clean = Validation.clean(classified, type);
            if (type == RecordType.PLATFORM_TASKS) {
                clean = Validation.withPlatformKnown(clean, clean(RecordType.PLATFORMS));
            }
            clean = DataDictionary.annotate(OutputTable.clean(type), clean);
            String cleanTable = OutputTable.clean(type).path();
            clean.write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(cleanTable));
            OutputTable duplicatesTable = OutputTable.duplicates(type);
            DataDictionary.annotate(duplicatesTable, Validation.duplicates(classified, type))
                    .write().mode(SaveMode.ErrorIfExists).parquet(store.stagedPath(duplicatesTable.path()));
            if (adding) {
                noteMonths(type, spark.read().schema(clean.schema()).parquet(store.stagedPath(cleanTable)));
                for (OutputTable t : List.of(OutputTable.clean(type), quarantineTable, duplicatesTable)) {
                    store.carryOver(t.path());
                }
            }
            schemas.put(type, clean.schema());
            staged.add(type);
            Map<String, List<String>> unknown = unknownColumns(files, classified);
            for (SourceFile f : files) {
                ledger.add(IngestLedger.Entry.of(f, unknown.getOrDefault(f.path(), List.of()), runId, settings));
            }
            return new Long[] {byDisposition.getOrDefault(Validation.ACCEPTED, 0L),
                byDisposition.getOrDefault(Validation.QUARANTINED, 0L),
                byDisposition.getOrDefault(Validation.DUPLICATE, 0L)};
        } finally {
            validated.unpersist();
        }
    }

    /** Records the months of the new accepted events of a type that places events in periods. */
    private void noteMonths(RecordType type, Dataset<Row> newClean) {
        for (IndicatorSource source : IndicatorSource.values()) {
            if (source.recordType() == type && source.isEvent()) {
                for (Row r : newClean.select(date_format(col(source.eventDate()), "yyyy-MM")).distinct()
                        .collectAsList()) {
                    if (!r.isNullAt(0)) {
                        monthsWithNewRecords.add(YearMonth.parse(r.getString(0)));
                    }
                }
            }
        }
    }

    /**
     * The counts of a type over the tables this run publishes (staged or kept), checked against
     * what this run parsed: a table must hold the published rows plus exactly the new ones.
     */
    private TypeCounts counts(RecordType type, InputInventory.TypeInput input, int filesParsed, Long[] parsed)
            throws IOException {
        List<OutputTable> tables = List.of(OutputTable.clean(type), OutputTable.quarantine(type),
                OutputTable.duplicates(type));
        long[] rows = new long[3];
        for (int i = 0; i < 3; i++) {
            String path = tables.get(i).path();
            rows[i] = spark.read().parquet(staged.contains(type) ? store.stagedPath(path) : store.publishedPath(path))
                    .count();
        }
        if (parsed != null) {
            boolean carried = plan.of(type).action() == IncrementalPlan.Action.APPEND;
            for (int i = 0; i < 3; i++) {
                long before = carried ? spark.read().parquet(store.publishedPath(tables.get(i).path())).count() : 0;
                if (rows[i] != before + parsed[i]) {
                    throw new IllegalStateException(tables.get(i).name() + ": " + rows[i] + " rows written, "
                            + before + " published + " + parsed[i] + " from the files parsed expected; nothing was published");
                }
            }
        }
        List<ReasonCount> reasons = new ArrayList<>();
        if (rows[1] > 0) {
            String quarantine = tables.get(1).path();
            for (Row r : spark.read().parquet(staged.contains(type) ? store.stagedPath(quarantine)
                            : store.publishedPath(quarantine))
                    .select(explode(col(ValidatedSchema.REASONS)).as("reason"))
                    .groupBy("reason").count().orderBy(desc("count"), col("reason")).limit(10).collectAsList()) {
                reasons.add(new ReasonCount(r.getString(0), r.getLong(1)));
            }
        }
        Map<String, List<String>> unknown = new TreeMap<>();
        for (IngestLedger.Entry e : ledger) {
            if (e.recordType().equals(type.folder()) && !e.unknownColumns().isEmpty()) {
                unknown.put(e.path(), e.unknownColumns());
            }
        }
        return new TypeCounts(true, input.files().size(), filesParsed, input.totalBytes(), rows[0] + rows[1] + rows[2],
                rows[0], rows[1], rows[2], reasons, unknown, input.ignoredFiles());
    }

    /** Unknown columns per file: CSV headers from inspection, JSON keys as found in the records. */
    private static Map<String, List<String>> unknownColumns(List<SourceFile> files, Dataset<Row> validated) {
        Map<String, List<String>> unknown = new TreeMap<>();
        for (SourceFile f : files) {
            if (!f.unknownColumns().isEmpty()) {
                unknown.put(f.path(), new ArrayList<>(f.unknownColumns()));
            }
        }
        if (files.stream().noneMatch(f -> f.format() == FileFormat.JSON_LINES)) {
            return unknown; // CSV headers were all seen at inspection
        }
        for (Row r : validated.select(col(ValidatedSchema.SOURCE_FILE),
                        explode(col(ValidatedSchema.UNKNOWN_KEYS)).as("key"))
                .distinct().orderBy(ValidatedSchema.SOURCE_FILE, "key").limit(1000).collectAsList()) {
            unknown.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
        }
        return unknown;
    }
}
