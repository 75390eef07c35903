package org.burdenwatch.validation;

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
