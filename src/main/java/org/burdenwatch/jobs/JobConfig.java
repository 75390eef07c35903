package org.burdenwatch.jobs;

/**
 * The job's own arguments (Spark settings come from spark-submit or jobs/run.sh):
 * {@code --input DIR --output DIR [--targets FILE] [--database NAME]}. Any Hadoop path works: a local
 * folder, hdfs://, s3a://. With {@code --database} the published tables are registered as external
 * tables {@code NAME.county_indicators}, … in the session's catalog (a Hive metastore when configured).
 */
public record JobConfig(String input, String output, String targets, String database) {
    public static final String USAGE =
            "usage: BurdenIndicatorsJob --input DIR --output DIR [--targets FILE] [--database NAME]";

    /** Input and output with the built-in targets. */
    public JobConfig(String input, String output) {
        this(input, output, null, null);
    }

    /** Parses the arguments; throws IllegalArgumentException with a one-line message when they are wrong. */
    public static JobConfig parse(String... args) {
        String input = null;
        String output = null;
        String targets = null;
        String database = null;
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
        return new JobConfig(input, output, targets, database);
    }

    private static String valueOf(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
