package org.burdenwatch.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.burdenwatch.testing.SparkTestBase;
import org.burdenwatch.validation.ValidatedSchema;
import org.junit.jupiter.api.Test;

/** The repeats of a natural key and their copies, found by a list in the plan or by a join: the same either way. */
class RepeatedKeysTest extends SparkTestBase {
    private static Row key(String type, String key, String file, long line) {
        return RowFactory.create(type, key, file, line, "staged/" + file);
    }

    private static List<String> found(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            List<String> copies = new ArrayList<>();
            for (Row c : r.<Row>getList(2)) {
                copies.add(c.getString(0) + ":" + c.getLong(1) + ">" + c.getString(2));
            }
            copies.sort(null);
            out.add(r.getString(0) + "/" + r.getString(1) + " " + copies);
        }
        out.sort(null);
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
                "DOCUMENTS/d1 [d.jsonl:2>staged/d.jsonl, d.jsonl:3>staged/d.jsonl, e.jsonl:1>staged/e.jsonl]",
                "MEETINGS/m1 [a.jsonl:1>staged/a.jsonl, b.jsonl:7>staged/b.jsonl]");
        assertEquals(expected, found(Ingestion.repeatedKeyCopies(spark, keys, Ingestion.LISTED_REPEATS)));
        assertEquals(expected, found(Ingestion.repeatedKeyCopies(spark, keys, 0)), "by a join");
        assertEquals(List.of(), Ingestion.repeatedKeyCopies(spark, keys.filter("key = 'm2'"), 0));
    }
}
