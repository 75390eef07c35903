package org.burdenwatch.output;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.burdenwatch.testing.ChildProcess;

/**
 * A process that publishes a run already staged under {@code OUTPUT/_staging/RUN} and pauses at
 * one publish step, for {@link PublishCrashTest} to kill it there:
 * {@code PublishChild OUTPUT RUN STEP SUMMARY_JSON TABLE...}. No Spark: it starts in a second.
 */
public final class PublishChild {
    private PublishChild() {
    }

    public static void main(String[] args) throws Exception {
        OutputStore store = OutputStore.check(new Configuration(), args[0], args[1]);
        store.lock(false, Duration.ofHours(24));
        List<String> tables = Arrays.asList(args).subList(4, args.length);
        store.publish(tables, args[3], () -> args[3], ChildProcess.pauseAt(args[2], null));
        store.close(false);
        System.out.println("PUBLISHED");
    }
}
