package org.burdenwatch.jobs;

/**
 * The job's own arguments (Spark settings come from spark-submit or jobs/run.sh):
 * {@code --input DIR --output DIR [--targets FILE]}. Any Hadoop path works: a local folder, hdfs://, s3a://.
 */
public record JobConfig(String input, String output, String targets) {
    public static final String USAGE = "usage: BurdenIndicatorsJob --input DIR --output DIR [--targets FILE]";

    /** Input and output with the built-in targets. */
    public JobConfig(String input, String output) {
        this(input, output, null);
    }

    /** Parses the arguments; throws IllegalArgumentException with a one-line message when they are wrong. */
    public static JobConfig parse(String... args) {
        String input = null;
        String output = null;
        String targets = null;
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
        return new JobConfig(input, output, targets);
    }

    private static String valueOf(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }
}
