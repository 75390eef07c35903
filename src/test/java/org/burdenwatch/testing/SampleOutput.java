package org.burdenwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.output.RunSummary;

/**
 * One run of the job on the shipped sample (data/sample), shared by every test class in the JVM
 * that reads outputs: the end-to-end checks, the data dictionary, the query command and the report.
 * The folder is a temporary one, removed when the JVM exits.
 */
public final class SampleOutput {
    private SampleOutput() {
    }

    private static Path folder;
    private static RunSummary summary;
    private static int tasks;

    /** The output folder of the sample run, running the job first if no test has yet. */
    public static synchronized Path folder(SparkSession spark) {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("burden-sample-output");
                Path out = dir.resolve("out");
                summary = BurdenIndicatorsJob.run(spark, new JobConfig(Path.of("data/sample").toString(), out.toString()));
                tasks = tasksOf(spark, "burden-indicators " + summary.runId());
                folder = out;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> removeTree(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    public static synchronized RunSummary summary(SparkSession spark) {
        folder(spark);
        return summary;
    }

    /** The tasks the sample's run started, counted as it ended (Spark keeps the last thousand stages). */
    public static synchronized int tasks(SparkSession spark) {
        folder(spark);
        return tasks;
    }

    private static int tasksOf(SparkSession spark, String jobGroup) {
        var tracker = spark.sparkContext().statusTracker();
        int n = 0;
        for (int job : tracker.getJobIdsForGroup(jobGroup)) {
            for (int stage : tracker.getJobInfo(job).get().stageIds()) {
                var info = tracker.getStageInfo(stage);
                n += info.isDefined() && info.get().numCompletedTasks() > 0 ? info.get().numTasks() : 0;
            }
        }
        return n;
    }

    private static void removeTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the OS clears it
        }
    }
}
