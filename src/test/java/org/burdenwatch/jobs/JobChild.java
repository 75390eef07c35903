package org.burdenwatch.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.burdenwatch.engine.SparkSessions;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.testing.ChildProcess;

/**
 * The real job in a process of its own (local[1]), able to pause at a publish step until a file
 * appears: {@code JobChild STEP|- RESUME_FILE|- JOB_ARGS...}. Exit codes as the job's main.
 */
public final class JobChild {
    private JobChild() {
    }

    /** A step given as {@code oom:STEP}: the driver runs out of memory when the publish reaches STEP. */
    static final String OUT_OF_MEMORY_AT = "oom:";

    private static OutputStore.PublishSteps outOfMemoryAt(String step) {
        return reached -> {
            if (reached.equals(step)) {
                List<long[]> hoard = new ArrayList<>();
                while (true) {
                    hoard.add(new long[1 << 24]); // 128 MiB at a time, until the heap is full
                }
            }
        };
    }

    public static void main(String[] args) {
        String step = args[0];
        Path resume = "-".equals(args[1]) ? null : Path.of(args[1]);
        JobConfig config = JobConfig.parse(Arrays.copyOfRange(args, 2, args.length));
        // the job's own command: its checks and lock before the session, its exit codes
        int exit = BurdenIndicatorsJob.command(config, () -> SparkSessions.builder("job-child")
                        .master("local[1]").config("spark.ui.enabled", "false")
                        .config("spark.sql.shuffle.partitions", "1"),
                "-".equals(step) ? OutputStore.PublishSteps.NONE : step.startsWith(OUT_OF_MEMORY_AT)
                        ? outOfMemoryAt(step.substring(OUT_OF_MEMORY_AT.length())) : ChildProcess.pauseAt(step, resume));
        if (exit == 0) {
            System.out.println("SUCCEEDED");
        }
        System.exit(exit);
    }
}
