package org.burdenwatch.testing;

import org.apache.spark.scheduler.SparkListener;

/**
 * Prints {@link #LINE} when a SparkContext starts in this JVM (Spark instantiates the classes
 * named in {@code spark.extraListeners} as it starts): a child process given
 * {@code -Dspark.extraListeners=org.burdenwatch.testing.SparkStartMarker} shows whether it started Spark.
 */
public final class SparkStartMarker extends SparkListener {
    public static final String LINE = "SPARK CONTEXT STARTED";
    /** The JVM option that installs it. */
    public static final String OPTION = "-Dspark.extraListeners=" + SparkStartMarker.class.getName();

    public SparkStartMarker() {
        System.out.println(LINE);
    }
}
