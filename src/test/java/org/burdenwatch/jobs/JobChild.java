package org.burdenwatch.jobs;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.burdenwatch.records.InputProblem;
import org.burdenwatch.output.OutputLock;
import org.burdenwatch.output.ForklessLocalFileSystem;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.testing.ChildProcess;

/**
 * The real job in a process of its own (local[1]), able to pause at a publish step until a file
 * appears: {@code JobChild STEP|- RESUME_FILE|- JOB_ARGS...}. Exit codes as the job's main.
 */
public final class JobChild {
    private JobChild() {
    }

    public static void main(String[] args) throws Exception {
        String step = args[0];
        Path resume = "-".equals(args[1]) ? null : Path.of(args[1]);
        JobConfig config = JobConfig.parse(Arrays.copyOfRange(args, 2, args.length));
        SparkSession spark = ForklessLocalFileSystem.session("job-child").master("local[1]")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "1").getOrCreate();
        int exit = 0;
        try {
            BurdenIndicatorsJob.run(spark, config,
                    "-".equals(step) ? OutputStore.PublishSteps.NONE : ChildProcess.pauseAt(step, resume));
            System.out.println("SUCCEEDED");
        } catch (InputProblem | OutputStore.OutputRefused | OutputLock.Locked e) {
            System.out.println("error: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.out.println("error: " + e);
            exit = 1;
        }
        spark.stop();
        System.exit(exit);
    }
}
