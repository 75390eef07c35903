package org.burdenwatch.testing;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.engine.SparkTuning;
import org.burdenwatch.engine.SparkSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One shared local SparkSession per test class (the jobs' builder): local[2], 2 shuffle partitions, no UI, Asia/Shanghai. */
public abstract class SparkTestBase {
    protected static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        // the jobs' own session builder: local paths through the same file system as theirs
        spark = SparkSessions.builder("burden-indicators-tests")
                .master("local[2]")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false")
                // as jobs/lib.sh does for local masters: without it a stage mixing HDFS block
                // locations and this host can wait forever for an offer (HdfsRunTest)
                .config("spark.locality.wait", "0s")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                // databases a test creates (BurdenIndicatorsJobTest's --database) under target/, not
                // in a spark-warehouse/ folder left in the project
                .config("spark.sql.warehouse.dir", Path.of("target", "spark-warehouse").toAbsolutePath().toUri().toString())
                // the JVM's case mappings, as a job's run sets them: the validation tests fold case as runs do
                .config(SparkTuning.JVM_CASE_MAPPINGS, "false")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }
}
