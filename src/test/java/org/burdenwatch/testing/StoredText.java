package org.burdenwatch.testing;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Every text a folder stores, searched for given strings (the personal-name checks): each Parquet
 * file's rows as JSON plus its schema (column names and metadata), every other file as UTF-8
 * ({@code .crc} checksums of the files scanned aside). The Parquet files are read in one Spark job.
 */
public final class StoredText {
    private StoredText() {
    }

    /** What a search found: the files searched and each string found, as "STRING in FILE". */
    public record Search(List<Path> files, int parquetFiles, List<String> found) {
    }

    public static Search search(SparkSession spark, Path root, Collection<String> strings) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Map<Path, StringBuilder> texts = new LinkedHashMap<>();
        Dataset<Row> rows = null;
        int parquet = 0;
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".parquet")) {
                parquet++;
                Dataset<Row> table = spark.read().parquet(f.toString());
                texts.put(f, new StringBuilder(table.schema().json()));
                Dataset<Row> asJson = table.select(lit(f.toString()).as("file"), to_json(struct(col("*"))).as("json"));
                rows = rows == null ? asJson : rows.unionAll(asJson);
            } else if (!name.endsWith(".crc")) {
                texts.put(f, new StringBuilder(Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        if (rows != null) {
            for (Row r : rows.collectAsList()) {
                texts.get(Path.of(r.getString(0))).append('\n').append(r.getString(1));
            }
        }
        List<String> found = new ArrayList<>();
        texts.forEach((f, text) -> {
            for (String s : strings) {
                if (text.indexOf(s) >= 0) {
                    found.add(s + " in " + f);
                }
            }
        });
        return new Search(files, parquet, found);
    }
}
