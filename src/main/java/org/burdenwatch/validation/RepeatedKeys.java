package org.burdenwatch.validation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.records.RecordType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Repeats of a natural key among accepted records: which keys more than one record carries, every
 * copy of them, and the copy kept (the first by file path, then line). Datasets in (type, key,
 * source_file, source_line, staged_file), a typed result out; the validate stage drops the copies
 * not kept from clean/ and writes them to duplicates/.
 */
public final class RepeatedKeys {
    private RepeatedKeys() {
    }

    /**
     * The copies of the natural keys more than one accepted record carries, as a Dataset (a run may
     * repeat a key a million times: nothing of them is gathered on the driver): type, key,
     * source_file, source_line, staged_file, kept (the first copy by file path, then line),
     * kept_file and kept_line. {@code types}: the types with a repeat; {@code few}: the copies, when
     * there are at most {@link #LISTED} of them (then {@code copies} is a local table of them).
     */
    public record Repeats(Dataset<Row> copies, Set<String> types, List<Row> few) {
        /** The copies not kept of one type: on the driver when they are few, else null. */
        public List<Row> extraOnDriver(RecordType type) {
            return few == null ? null : few.stream().filter(r -> r.getString(0).equals(type.name()) && !r.getBoolean(5))
                    .toList();
        }

        /** The copies not kept of one type. */
        public Dataset<Row> extra(RecordType type) {
            return copies.filter(col("type").equalTo(type.name()).and(not(col("kept"))));
        }

        public void release() {
            copies.unpersist();
        }

        /**
         * Whether a copy of the type not kept is a record from outside {@code fresh} (the files this
         * run parsed): a new record sorts before a published one, which would no longer be the copy kept.
         */
        public boolean displacesPublished(RecordType type, Set<String> fresh) {
            if (!types.contains(type.name())) {
                return false;
            }
            List<Row> listed = extraOnDriver(type);
            return listed != null ? listed.stream().anyMatch(r -> !fresh.contains(r.getString(2)))
                    : !extra(type).filter(not(col(ValidatedSchema.SOURCE_FILE).isin(fresh.toArray()))).isEmpty();
        }

        /**
         * The copies of the type not kept, as the lines to drop: source file and line (as
         * {@code _d_file}, {@code _d_line}), the key and the copy kept; broadcast when few.
         */
        public Dataset<Row> toDrop(RecordType type) {
            Dataset<Row> drop = extra(type).select(col(ValidatedSchema.SOURCE_FILE).as(DROP_FILE),
                    col(ValidatedSchema.SOURCE_LINE).as(DROP_LINE), col("key").as(ValidatedSchema.NATURAL_KEY),
                    col("kept_file").as("kept_source_file"), col("kept_line").as("kept_source_line"));
            return extraOnDriver(type) != null ? broadcast(drop) : drop; // a small local table: no Spark job to broadcast it
        }

        /** The staged files holding a copy of the type not kept (files, not rows: few). */
        public Set<String> stagedFiles(RecordType type) {
            Set<String> files = new TreeSet<>();
            List<Row> listed = extraOnDriver(type);
            if (listed != null) {
                listed.forEach(r -> files.add(r.getString(4)));
            } else {
                extra(type).select("staged_file").distinct().collectAsList().forEach(r -> files.add(r.getString(0)));
            }
            return files;
        }

        /**
         * The input lines of the copies not kept, per input file, when they are few; else null (a list
         * of a million lines would be the driver's memory: the files that hold them are read whole).
         */
        public Map<String, Set<Long>> inputLines(RecordType type) {
            List<Row> listed = extraOnDriver(type);
            if (listed == null) {
                return null;
            }
            Map<String, Set<Long>> lines = new TreeMap<>();
            listed.forEach(r -> lines.computeIfAbsent(r.getString(2), f -> new TreeSet<>()).add(r.getLong(3)));
            return lines;
        }

        /** The input files holding a copy of the type not kept. */
        public Set<String> inputFiles(RecordType type) {
            Map<String, Set<Long>> lines = inputLines(type);
            if (lines != null) {
                return lines.keySet();
            }
            Set<String> files = new TreeSet<>();
            extra(type).select(ValidatedSchema.SOURCE_FILE).distinct().collectAsList()
                    .forEach(r -> files.add(r.getString(0)));
            return files;
        }
    }

    private static final String DROP_FILE = "_d_file";
    private static final String DROP_LINE = "_d_line";

    /**
     * The keys of a type's clean rows, as {@link #copies} reads them: type, key, source_file,
     * source_line, and {@code stagedFile} (the file the row is staged in, rewritten without the
     * copies not kept).
     */
    public static Dataset<Row> keys(RecordType type, Dataset<Row> clean, Column stagedFile) {
        return clean.select(lit(type.name()).as("type"), Validation.naturalKeyOf(type).as("key"),
                col(ValidatedSchema.SOURCE_FILE), col(ValidatedSchema.SOURCE_LINE), stagedFile.as("staged_file"));
    }

    /**
     * Of an appending run's keys, those a record of the files it parsed ({@code fresh}) carries: the
     * published records carry a key each (their table holds one copy of a key), so a key repeats
     * only where a new record carries it. The copies of those keys alone are gathered, where every
     * published key would be shuffled and grouped (2.4M published tasks: 34 of the incremental
     * run's CPU-s). {@code fewFresh}: broadcast the fresh keys.
     */
    public static Dataset<Row> keysCarriedBy(Dataset<Row> keys, Set<String> fresh, boolean fewFresh) {
        Dataset<Row> freshKeys = keys.filter(col(ValidatedSchema.SOURCE_FILE).isin(fresh.toArray())).select(col("key"));
        return keys.join(fewFresh ? broadcast(freshKeys) : freshKeys,
                CollectionConverters.asScala(List.of("key")).toSeq(), "left_semi");
    }

    /** Clean rows without the copies not kept ({@link Repeats#toDrop}). */
    public static Dataset<Row> withoutCopiesNotKept(Dataset<Row> clean, Dataset<Row> toDrop) {
        return clean.join(toDrop, onDropped(), "left_anti");
    }

    /**
     * The rows of {@code duplicates/<type>/}: each copy not kept with its raw text ({@code raw}: the
     * input records read again, with their lineage), its key and the copy kept.
     */
    public static Dataset<Row> duplicates(RecordType type, Dataset<Row> raw, Dataset<Row> toDrop) {
        return raw.join(toDrop, onDropped())
                .select(lit(type.folder()).as("record_type"), col(ValidatedSchema.SOURCE_FILE),
                        col(ValidatedSchema.SOURCE_LINE), col(ValidatedSchema.RAW), col(ValidatedSchema.NATURAL_KEY),
                        col("kept_source_file"), col("kept_source_line"));
    }

    private static Column onDropped() {
        return col(ValidatedSchema.SOURCE_FILE).equalTo(col(DROP_FILE))
                .and(col(ValidatedSchema.SOURCE_LINE).equalTo(col(DROP_LINE)));
    }

    /** Up to this many repeated keys (or copies' lines) are listed in a plan, more are joined. */
    public static final int LISTED = 10_000;

    /**
     * The copies of the keys (type, key) that more than one row of {@code keys} carries, or null
     * when none does: first the keys alone, counted by a hash aggregate (most runs find no repeat and
     * stop there, having gathered at most {@code listedAtMost} + 1 keys); then the copies of the
     * repeated keys, by a list in the plan when there are at most {@code listedAtMost} of them (a
     * broadcast would be a Spark job of its own), by a join beyond; the copy kept marked by a window
     * over each key. The copies are persisted: the caller unpersists them.
     */
    public static Repeats copies(SparkSession spark, Dataset<Row> keys, int listedAtMost) {
        Dataset<Row> repeatedKeys = keys.groupBy(col("type"), col("key")).agg(count(lit(1)).as("n"))
                .filter(col("n").gt(1)).select("type", "key");
        List<Row> few = SparkTuning.takeAtMost(spark, repeatedKeys, listedAtMost + 1);
        if (few.isEmpty()) {
            return null;
        }
        boolean listed = few.size() <= listedAtMost;
        Dataset<Row> copiesOfRepeated;
        Set<String> types = new TreeSet<>();
        if (listed) {
            Map<String, List<String>> byType = new TreeMap<>();
            few.forEach(r -> byType.computeIfAbsent(r.getString(0), t -> new ArrayList<>()).add(r.getString(1)));
            Column wanted = lit(false);
            for (Map.Entry<String, List<String>> e : byType.entrySet()) {
                wanted = wanted.or(col("type").equalTo(e.getKey()).and(col("key").isin(e.getValue().toArray())));
            }
            copiesOfRepeated = keys.filter(wanted);
            types.addAll(byType.keySet());
        } else {
            copiesOfRepeated = keys.join(repeatedKeys, CollectionConverters.asScala(List.of("type", "key")).toSeq(),
                    "left_semi");
            repeatedKeys.select("type").distinct().collectAsList().forEach(r -> types.add(r.getString(0)));
        }
        WindowSpec byKey = Window.partitionBy(col("type"), col("key"))
                .orderBy(col(ValidatedSchema.SOURCE_FILE), col(ValidatedSchema.SOURCE_LINE));
        Dataset<Row> copies = copiesOfRepeated.select(col("type"), col("key"), col(ValidatedSchema.SOURCE_FILE),
                        col(ValidatedSchema.SOURCE_LINE), col("staged_file"),
                        row_number().over(byKey).equalTo(1).as("kept"),
                        first(col(ValidatedSchema.SOURCE_FILE)).over(byKey).as("kept_file"),
                        first(col(ValidatedSchema.SOURCE_LINE)).over(byKey).as("kept_line"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        // a few copies (a run's usual handful) are then taken to the driver, as one small table in the
        // plans that follow (no Spark job to broadcast it); many stay where they are
        List<Row> fewCopies = SparkTuning.takeAtMost(spark, copies, listedAtMost + 1);
        if (fewCopies.size() <= listedAtMost) {
            copies.unpersist();
            return new Repeats(spark.createDataFrame(fewCopies, copies.schema()), types, fewCopies);
        }
        return new Repeats(copies, types, null);
    }
}
