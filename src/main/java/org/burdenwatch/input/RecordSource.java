package org.burdenwatch.input;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The raw records of a record type's files, read in parallel: one task per file. */
public final class RecordSource {
    private RecordSource() {
    }

    public static JavaRDD<RawRecord> load(SparkSession spark, List<SourceFile> files, Redaction redaction) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
        return jsc.parallelize(files, Math.max(1, files.size()))
                .flatMap(file -> RawRecordReader.open(file, conf.get(), redaction));
    }
}
