package org.burdenwatch.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search the personal-name tests rely on finds a name in a Parquet value, a column name and a text file. */
class StoredTextTest extends SparkTestBase {
    @TempDir
    Path dir;

    @Test
    void aNameInAValueAColumnNameOrATextFileIsFound() throws IOException {
        StructType schema = new StructType().add("visit_id", DataTypes.StringType)
                .add("team", DataTypes.createArrayType(DataTypes.StringType));
        spark.createDataFrame(List.of(RowFactory.create("V1", new String[] {"甲", "测试名字"})), schema)
                .coalesce(1).write().parquet(dir.resolve("values").toString());
        spark.createDataFrame(List.of(RowFactory.create("V2", null, 5L)), schema.add("列名字", DataTypes.LongType))
                .coalesce(1).write().parquet(dir.resolve("columns").toString());
        Fixtures.write(dir, "runs/r.json", "{\"note\": \"无名氏\"}");

        StoredText.Search search = StoredText.search(spark, dir, List.of("测试名字", "列名字", "无名氏", "不在"));
        assertEquals(2, search.parquetFiles());
        assertEquals(List.of("列名字 in columns", "无名氏 in runs", "测试名字 in values"),
                search.found().stream().map(f -> f.replaceAll(" in .*/(columns|values|runs)/.*", " in $1")).sorted().toList());
    }
}
