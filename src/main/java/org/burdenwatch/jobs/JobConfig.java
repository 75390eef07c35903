package org.burdenwatch.jobs;

import org.burdenwatch.engine.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's own arguments (Spark settings come from spark-submit or jobs/run.sh):
 * {@code --input DIR --output DIR [--targets FILE] [--database NAME] [--full] [--break-lock]
 * [--stale-lock-hours N]}. Any Hadoop path works: a local
 * folder, hdfs://, s3a://. With {@code --database} the published tables are registered as external
 * tables {@code NAME.county_indicators}, … in the session's catalog (a Hive metastore when configured).
 * A rerun into an output that holds an earlier run parses only the files added since and recomputes
 * only the periods they touch; {@code --full} parses everything and recomputes every period.
 * {@code --break-lock} takes the output over from a run that was killed while it held the output's
 * lock (its process is gone from this host, or, taken on another host, the lock is older than
 * {@code --stale-lock-hours}, default 24).
 */
public record JobConfig(String input, String output, String targets, String database, boolean full,
                        boolean breakLock, int staleLockHours) {
    public static final int DEFAULT_STALE_LOCK_HOURS = 24;

    /** Input and output with the built-in targets. */
    public JobConfig(String input, String output) {
        this(input, output, null, null, false, false, DEFAULT_STALE_LOCK_HOURS);
    }

    /** Input, output, targets and catalog database, incremental when the output allows it. */
    public JobConfig(String input, String output, String targets, String database) {
        this(input, output, targets, database, false, false, DEFAULT_STALE_LOCK_HOURS);
    }

    /** The same run, parsing every file and recomputing every period. */
    public JobConfig withFull() {
        return new JobConfig(input, output, targets, database, true, breakLock, staleLockHours);
    }

    /** The same run, taking the output over from a killed run's stale lock. */
    public JobConfig withBreakLock() {
        return new JobConfig(input, output, targets, database, full, true, staleLockHours);
    }

    /**
     * Parses the arguments (picocli, {@link Options}); throws IllegalArgumentException with a
     * one-line message when they are wrong, {@link CommandLines.HelpShown} after printing the help.
     */
    public static JobConfig parse(String... args) {
        return CommandLines.parse(new Options(), args, System.out).config();
    }

    /** The job's command line, as {@code --help} shows it. */
    @Command(name = "jobs/run.sh", sortOptions = false, sortSynopsis = false,
            description = "Validates every record type under the input folder and publishes the clean, quarantine "
                    + "and duplicates tables, the indicator tables, targets and audit under the output folder.")
    static final class Options {
        @Option(names = "--input", paramLabel = "DIR", required = true,
                description = "the input root: one folder per record type (any Hadoop path)")
        String input;
        @Option(names = "--output", paramLabel = "DIR", required = true,
                description = "the output folder: ours or new, never inside the input")
        String output;
        @Option(names = "--targets", paramLabel = "FILE", description = "the targets file (JSON); default: built in")
        String targets;
        @Option(names = "--database", paramLabel = "NAME",
                description = "register the published tables as NAME.<table> in the session's catalog")
        String database;
        @Option(names = "--full", description = "parse every file and recompute every period")
        boolean full;
        @Option(names = "--break-lock", description = "take the output over from a run that was killed holding its lock")
        boolean breakLock;
        @Option(names = "--stale-lock-hours", paramLabel = "N", defaultValue = "" + DEFAULT_STALE_LOCK_HOURS,
                description = "a lock taken on another host is stale after N hours (default: ${DEFAULT-VALUE})")
        int staleLockHours;
        @Mixin
        CommandLines.Help help;

        JobConfig config() {
            if (database != null && !database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("--database needs a name of letters, digits and _: " + database);
            }
            if (staleLockHours < 1) {
                throw new IllegalArgumentException("--stale-lock-hours needs a whole number of hours ≥ 1: "
                        + staleLockHours);
            }
            return new JobConfig(input, output, targets, database, full, breakLock, staleLockHours);
        }
    }

    /** The synopsis an error is followed by. */
    public static String usage() {
        return CommandLines.synopsis(new Options());
    }
}
