package org.burdenwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.rules.RuleExecutor;
import org.burdenwatch.jobs.BurdenIndicatorsJob;
import org.burdenwatch.jobs.JobConfig;
import org.burdenwatch.engine.SparkSessions;
import org.burdenwatch.output.RunSummary;

/**
 * The job run again and again in one JVM and one local[2] session, as the test suite runs it: the
 * fixed cost of a run once the JIT has warmed up (jobs/bench-warm.sh). Each run writes a new
 * output under a temporary folder of its own, removed at the end.
 *
 * With {@code -Dwarm.rules=true} (jobs/bench-warm.sh --rules) it then prints Catalyst's time per
 * rule over the last half of the runs ({@code RuleExecutor.dumpTimeSpent}) and the code generator's
 * compilations.
 *
 * <pre>WarmRuns INPUT RUNS</pre>
 */
public final class WarmRuns {
    private WarmRuns() {
    }

    public static void main(String[] args) throws IOException {
        String input = args[0];
        int runs = Integer.parseInt(args[1]);
        SparkSession spark = SparkSessions.builder("warm-runs").master("local[2]")
                .config("spark.sql.shuffle.partitions", "2").config("spark.default.parallelism", "2")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        Path scratch = Files.createTempDirectory("burden-warm-runs");
        List<Double> seconds = new ArrayList<>();
        try {
            System.out.println("local file system: " + spark.sparkContext().hadoopConfiguration().get("fs.file.impl"));
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                RunSummary summary = BurdenIndicatorsJob.run(spark,
                        new JobConfig(input, scratch.resolve("out-" + i).toString()));
                seconds.add((System.nanoTime() - start) / 1e9);
                System.out.printf("run %d: %.2f s (%s)%n", i + 1, seconds.get(i), summary.mode());
                if (i == runs / 2 - 1) {
                    RuleExecutor.resetMetrics(); // the rules' times below are the warm half's
                }
            }
            if (Boolean.getBoolean("warm.rules")) {
                System.out.println(RuleExecutor.dumpTimeSpent());
                var compilations = CodegenMetrics.METRIC_COMPILATION_TIME(); // since the JVM started
                var times = compilations.getSnapshot();
                System.out.printf("code generator since the JVM started: %d compilations, mean %.1f ms, max %d ms%n",
                        compilations.getCount(), times.getMean(), times.getMax());
            }
        } finally {
            spark.stop();
            try (Stream<Path> paths = Files.walk(scratch)) { // our own temporary folder
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<Double> warm = seconds.subList(runs / 2, runs);
        System.out.printf("mean of the last %d runs: %.2f s%n", warm.size(),
                warm.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
}
