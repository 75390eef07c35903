package org.burdenwatch.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.burdenwatch.indicators.Indicators;
import org.burdenwatch.input.InputInventory;
import org.burdenwatch.output.OutputStore;
import org.burdenwatch.records.TargetsFile;

/**
 * A run that may start: its id, what its input holds, its targets, and its output folder, locked.
 * Everything that can stop a run is checked here, with a Hadoop configuration alone, before a
 * Spark session starts (a refused run starts no Spark, and on a cluster asks for no executors).
 */
record Admission(String runId, long checkNanos, JobConfig config, InputInventory inventory,
                 TargetsFile targets, OutputStore files) {


    /**
     * Everything that can stop a run, checked before the output is touched and without Spark: the
     * input's files, the targets file, the output folder (ours or new, not overlapping the input),
     * then its lock. Nothing of the output is read or written before the lock is held.
     */
    static Admission admit(Configuration hadoop, JobConfig config) throws IOException {
        long started = System.nanoTime();
        String runId = newRunId();
        InputInventory inventory = InputInventory.inspect(hadoop, config.input());
        TargetsFile targets = config.targets() == null ? TargetsFile.defaults(Indicators.forTargets())
                : TargetsFile.load(hadoop, config.targets(), Indicators.forTargets());
        OutputStore files = OutputStore.check(hadoop, config.output(), runId);
        files.refuseOverlap("input folder", config.input(), hadoop);
        if (config.targets() != null) {
            files.refuseOverlap("targets file", config.targets(), hadoop);
        }
        files.lock(config.breakLock(), Duration.ofHours(config.staleLockHours()));
        return new Admission(runId, System.nanoTime() - started, config, inventory, targets, files);
    }

    /**
     * What the output's figures depend on besides the records: the job's version, the indicators'
     * rules revision and the targets file's content (its parameters and targets). A change makes the next run a full one.
     */
    static String settings(Configuration hadoop, JobConfig config) throws IOException {
        String targets = "built-in";
        if (config.targets() != null) {
            Path path = new Path(config.targets());
            try (InputStream in = path.getFileSystem(hadoop).open(path)) {
                targets = "sha256:" + HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e); // every JVM has SHA-256
            }
        }
        String own = Admission.class.getPackage().getImplementationVersion();
        return "burden_indicators " + (own == null ? "dev" : own) + " rules " + Indicators.RULES_REVISION
                + "; targets " + targets;
    }

    /** A new run's id: its start in UTC and four random hex digits. */
    static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
