package org.burdenwatch.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.burdenwatch.output.OutputStore;

/**
 * A JVM of its own running a main class of the tests: how the crash and concurrency tests get real
 * processes to pause, kill with SIGKILL and run side by side. Its output is kept line by line.
 */
public final class ChildProcess implements AutoCloseable {
    /** Printed by a child when it reaches the step it was told to pause at. */
    public static final String PAUSED = "PAUSED at ";

    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

    private ChildProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java MAIN ARGS} on the tests' class path, with Spark's JDK 17 flags. The
     * launchers' short-run flags (jobs/lib.sh): only the first JIT tier and the parallel collector.
     * A child runs one job on a few records, where C2 compiles cost more than they pay back
     * (ConcurrentRunsTest: 3 min 44 s of CPU instead of 5 min 0 s, 144 s instead of 160 s of wall
     * time). A child prints {@link SparkStartMarker#LINE} if it starts Spark.
     */
    public static ChildProcess start(Class<?> main, List<String> args) throws IOException {
        return start(main, "1g", Compilation.FIRST_TIER_ONLY, args);
    }

    /** How a child's JVM compiles the code it runs. */
    public enum Compilation {
        /** C1 only: a job on a few records, over before C2's compiles would pay back. */
        FIRST_TIER_ONLY,
        /**
         * C1, then C2 for what runs hot: a job over hundreds of thousands of records, as a long run's
         * JVM (jobs/lib.sh). DriverMemoryTest + WorkbookMemoryTest: 103, 97 s against 151, 142 s
         * with C1 only (two alternating pairs).
         */
        TIERED
    }

    /** {@link #start(Class, List)} with a heap of the given size ({@code -Xmx}) and compilation. */
    public static ChildProcess start(Class<?> main, String heap, Compilation compilation, List<String> args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        if (compilation == Compilation.FIRST_TIER_ONLY) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-XX:+UseParallelGC", "@" + Path.of("jobs/conf/spark-jvm.args").toAbsolutePath(),
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toUri(),
                SparkStartMarker.OPTION, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for a line starting with {@code prefix}; fails when the process ends first or time runs out. */
    public String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' from the child; it said:\n" + output());
    }

    /** SIGTERM (as Ctrl-C or a scheduler's timeout): the process's shutdown hooks run. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end on SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    /** kill -9: the process ends at once, no finally block or shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not finish in " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /**
     * Publish steps that pause at one step: print {@link #PAUSED} and the step, then wait until
     * {@code resume} exists (null: wait for ever, to be killed).
     */
    public static OutputStore.PublishSteps pauseAt(String step, Path resume) {
        return reached -> {
            if (!reached.equals(step)) {
                return;
            }
            System.out.println(PAUSED + reached);
            System.out.flush();
            while (resume == null || !Files.exists(resume)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
    }
}
