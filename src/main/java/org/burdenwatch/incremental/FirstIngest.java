package org.burdenwatch.incremental;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.last_day;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.burdenwatch.input.SourceFile;
import org.burdenwatch.records.RecordType;
import org.burdenwatch.validation.Validation;
import org.burdenwatch.validation.ValidatedSchema;
import org.burdenwatch.validation.ValidatedTables;

/**
 * When each record arrived, kept across reruns: the run that first ingested it and whether it was
 * late (补录). A file keeps the run that first ingested its path (the ledger's
 * {@code first_ingested_run}); in a file changed since, a record whose natural key the file held
 * before keeps that record's run, and the others arrived with this run. A full rerun of the same
 * files therefore stamps every record as the incremental runs did.
 *
 * <p>A record is late when the run it arrived with started (its Asia/Shanghai date) more than
 * {@code graceDays} days after the end of the month of its event date (the first of its periods to
 * close): that month, and every period holding it, had closed when it came in. The records of the
 * output's first run are its history, not late: no figure had been published before them.
 */
public final class FirstIngest {
    private final String runId;
    private final String foundingRun;
    private final int graceDays;
    private final Map<String, IngestLedger.Entry> previous = new HashMap<>();

    /**
     * @param previousLedger the ledger of the output's last run, or null when it has none
     * @param foundingRun    the output's first run (null: this one is), which loads its history: nothing
     *                       was published before it, so none of its records is late
     * @param graceDays      the days after a month's end within which its records are on time
     */
    public FirstIngest(List<IngestLedger.Entry> previousLedger, String runId, String foundingRun, int graceDays) {
        this.runId = runId;
        this.foundingRun = foundingRun == null ? runId : foundingRun;
        this.graceDays = graceDays;
        if (previousLedger != null) {
            for (IngestLedger.Entry e : previousLedger) {
                previous.put(e.path(), e);
            }
        }
    }

    /**
     * The Asia/Shanghai date a run started, from its id ({@code 20241203T101500Z-3f2a}: its start in
     * UTC; the session's zone is Asia/Shanghai); null for an id that does not start so.
     */
    static Column arrivedOn(Column runId) {
        return to_date(try_to_timestamp(concat(substring(runId, 1, 15), lit("+0000")), lit("yyyyMMdd'T'HHmmssZ")));
    }

    /** The ledger entry of a file this run parses: first ingested as its path was before, else by this run. */
    public IngestLedger.Entry entry(SourceFile file, List<String> unknownColumns, String settings) {
        IngestLedger.Entry before = previous.get(file.path());
        IngestLedger.Entry first = before != null ? before : new IngestLedger.Entry(file.type().folder(), file.path(),
                file.sizeBytes(), file.modifiedAt(), List.of(), runId, settings, runId, IngestLedger.startOf(runId));
        return IngestLedger.Entry.of(file, unknownColumns, runId, settings, first);
    }

    /** The paths among {@code files} that an earlier run ingested as they were then. */
    private Set<String> unchanged(List<SourceFile> files) {
        Set<String> out = new TreeSet<>();
        files.stream().filter(f -> previous.containsKey(f.path()) && previous.get(f.path()).sameAs(f))
                .forEach(f -> out.add(f.path()));
        return out;
    }

    /** The paths among {@code files} that an earlier run ingested and that changed since. */
    public List<String> changed(List<SourceFile> files) {
        return files.stream().filter(f -> previous.containsKey(f.path()) && !previous.get(f.path()).sameAs(f))
                .map(SourceFile::path).sorted().toList();
    }

    private static final String KNOWN_KEY = "_first_ingest_key";
    private static final String KNOWN_RUN = "_first_ingest_run";

    /**
     * Validated rows of {@code files} with {@link ValidatedTables#FIRST_INGESTED_RUN} and {@link
     * ValidatedTables#LATE}, as Catalyst expressions: a literal map of the unchanged files' runs,
     * and, for files changed since an earlier run, a left join with the keys {@code publishedClean}
     * (the clean table as published, or null) held in those files.
     */
    public Dataset<Row> stamp(Dataset<Row> validated, ValidatedTables tables, List<SourceFile> files,
                              Dataset<Row> publishedClean) {
        Column file = col(ValidatedSchema.SOURCE_FILE);
        List<Column> byPath = new ArrayList<>();
        for (String path : unchanged(files)) {
            byPath.add(lit(path));
            byPath.add(lit(previous.get(path).firstIngestedRun()));
        }
        Column run = byPath.isEmpty() ? lit(runId) : coalesce(try_element_at(map(byPath.toArray(Column[]::new)), file),
                lit(runId));
        List<String> changed = changed(files);
        Dataset<Row> rows = validated;
        if (!changed.isEmpty() && publishedClean != null
                && Arrays.asList(publishedClean.columns()).contains(ValidatedTables.FIRST_INGESTED_RUN)) {
            RecordType type = tables.type();
            Dataset<Row> known = publishedClean.filter(col(ValidatedSchema.SOURCE_FILE).isin(changed.toArray()))
                    .select(Validation.naturalKeyOf(type).as(KNOWN_KEY),
                            col(ValidatedTables.FIRST_INGESTED_RUN).as(KNOWN_RUN));
            rows = rows.join(known, col(ValidatedSchema.NATURAL_KEY).equalTo(col(KNOWN_KEY))
                    .and(file.isin(changed.toArray())), "left").drop(KNOWN_KEY);
            run = coalesce(col(KNOWN_RUN), run);
        }
        rows = rows.withColumn(ValidatedTables.FIRST_INGESTED_RUN, run);
        if (Arrays.asList(rows.columns()).contains(KNOWN_RUN)) {
            rows = rows.drop(KNOWN_RUN);
        }
        Column late = lit(null).cast(DataTypes.BooleanType);
        if (tables.eventDate() != null) {
            Column arrived = col(ValidatedTables.FIRST_INGESTED_RUN);
            late = when(col(tables.eventDate()).isNotNull(), arrived.notEqual(lit(foundingRun))
                    .and(datediff(arrivedOn(arrived), last_day(col(tables.eventDate()))).gt(graceDays)));
        }
        return rows.withColumn(ValidatedTables.LATE, late);
    }
}
