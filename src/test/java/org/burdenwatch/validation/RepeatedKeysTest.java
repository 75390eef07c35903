package org.burdenwatch.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.junit.jupiter.api.Test;

/** The repeats of a natural key, their copies and the one kept, found by a list in the plan or by a join: the same either way. */
class RepeatedKeysTest extends SparkTestBase {
    private static Row key(String type, String key, String file, long line) {
        return RowFactory.create(type, key, file, line, "staged/" + file);
    }

    /** Each repeated key with its copies, the kept one first and marked. */
    private static List<String> found(RepeatedKeys.Repeats repeats) {
        if (repeats == null) {
            return List.of();
        }
        java.util.Map<String, List<String>> byKey = new java.util.TreeMap<>();
        for (Row c : repeats.copies().collectAsList()) {
            String copy = c.getString(2) + ":" + c.getLong(3) + ">" + c.getString(4) + (c.getBoolean(5) ? " kept" : "");
            byKey.computeIfAbsent(c.getString(0) + "/" + c.getString(1), k -> new ArrayList<>()).add(copy);
            String kept = c.getString(6) + ":" + c.getLong(7);
            byKey.get(c.getString(0) + "/" + c.getString(1)).forEach(x -> {
                if (x.endsWith(" kept") && !x.startsWith(kept + ">")) {
                    throw new AssertionError("kept_file and kept_line name another copy: " + kept + " " + x);
                }
            });
        }
        List<String> out = new ArrayList<>();
        byKey.forEach((k, copies) -> {
            copies.sort(null);
            out.add(k + " " + copies);
        });
        repeats.copies().unpersist();
        return out;
    }

    @Test
    void findsEveryCopyOfARepeatedKeyAndNothingElseByListOrByJoin() {
        StructType schema = new StructType().add("type", DataTypes.StringType).add("key", DataTypes.StringType)
                .add(ValidatedSchema.SOURCE_FILE, DataTypes.StringType).add(ValidatedSchema.SOURCE_LINE, DataTypes.LongType)
                .add("staged_file", DataTypes.StringType);
        Dataset<Row> keys = spark.createDataFrame(List.of(
                key("MEETINGS", "m1", "a.jsonl", 1), key("MEETINGS", "m1", "b.jsonl", 7), key("MEETINGS", "m2", "a.jsonl", 2),
                // the same key in two types is no repeat
                key("DOCUMENTS", "m2", "d.jsonl", 1), key("DOCUMENTS", "d1", "d.jsonl", 2),
                key("DOCUMENTS", "d1", "d.jsonl", 3), key("DOCUMENTS", "d1", "e.jsonl", 1)), schema);
        List<String> expected = List.of(
                "DOCUMENTS/d1 [d.jsonl:2>staged/d.jsonl kept, d.jsonl:3>staged/d.jsonl, e.jsonl:1>staged/e.jsonl]",
                "MEETINGS/m1 [a.jsonl:1>staged/a.jsonl kept, b.jsonl:7>staged/b.jsonl]");
        assertEquals(expected, found(RepeatedKeys.copies(spark, keys, RepeatedKeys.LISTED)));
        assertEquals(expected, found(RepeatedKeys.copies(spark, keys, 1)), "by a join");
        assertEquals(List.of(), found(RepeatedKeys.copies(spark, keys.filter("key = 'm2'"), 0)));
        assertEquals(true, RepeatedKeys.copies(spark, keys, 1).copies() != null);
    }
}
