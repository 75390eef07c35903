package org.burdenwatch.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** Wall-clock seconds per stage, in order, and the Spark jobs the run started (its job group). */
final class StageClock {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private final SparkSession spark;
    private final String group;
    private final JvmTimes jvmAtStart = JvmTimes.now();
    private long last;

    /** The first stage includes the checks made before it ({@code checkNanos}), not the session's start. */
    StageClock(SparkSession spark, String runId, long checkNanos) {
        this.spark = spark;
        this.last = System.nanoTime() - checkNanos;
        this.group = "burden-indicators " + runId;
        spark.sparkContext().setJobGroup(group, "burden-indicators run " + runId, false);
    }

    void done(String stage) {
        long now = System.nanoTime();
        seconds.put(stage, Math.round((now - last) / 1e8) / 10.0);
        last = now;
    }

    Map<String, Double> seconds() {
        return seconds;
    }

    /** What the JVM has spent since the run started: CPU, JIT compilers, collector. */
    Map<String, Double> jvmSeconds() {
        return JvmTimes.now().since(jvmAtStart).seconds();
    }

    /** How many Spark jobs the run has started. */
    int jobs() {
        return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
    }

    void close() {
        spark.sparkContext().clearJobGroup();
    }
}
