package org.burdenwatch.jobs;

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
    public static final String USAGE = "usage: BurdenIndicatorsJob --input DIR --output DIR [--targets FILE] "
            + "[--database NAME] [--full] [--break-lock] [--stale-lock-hours N]";
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

    /** Parses the arguments; throws IllegalArgumentException with a one-line message when they are wrong. */
    public static JobConfig parse(String... args) {
        String input = null;
        String output = null;
        String targets = null;
        String database = null;
        boolean full = false;
        boolean breakLock = false;
        int staleLockHours = DEFAULT_STALE_LOCK_HOURS;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--input":
                    input = valueOf(args, ++i, arg);
                    break;
                case "--output":
                    output = valueOf(args, ++i, arg);
                    break;
                case "--targets":
                    targets = valueOf(args, ++i, arg);
                    break;
                case "--database":
                    database = valueOf(args, ++i, arg);
                    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new IllegalArgumentException("--database needs a name of letters, digits and _: " + database);
                    }
                    break;
                case "--full":
                    full = true;
                    break;
                case "--break-lock":
                    breakLock = true;
                    break;
                case "--stale-lock-hours":
                    String hours = valueOf(args, ++i, arg);
                    try {
                        staleLockHours = Integer.parseInt(hours);
                    } catch (NumberFormatException e) {
                        staleLockHours = -1;
                    }
                    if (staleLockHours < 1) {
                        throw new IllegalArgumentException("--stale-lock-hours needs a whole number of hours ≥ 1: " + hours);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument " + arg);
            }
        }
        if (input == null) {
            throw new IllegalArgumentException("missing --input DIR");
        }
        if (output == null) {
            throw new IllegalArgumentException("missing --output DIR");
        }
        return new JobConfig(input, output, targets, database, full, breakLock, staleLockHours);
    }

    private static String valueOf(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
