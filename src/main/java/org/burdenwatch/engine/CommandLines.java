package org.burdenwatch.engine;

import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The command lines of run, query and report, read by picocli into each command's option model
 * (a class with annotated fields): the help generated from it, a wrong argument answered in one
 * line followed by the usage, exit code 2, before a Spark session starts.
 */
public final class CommandLines {
    /** The exit code of a command line that cannot be run as given. */
    public static final int WRONG_ARGUMENTS = 2;

    private CommandLines() {
    }

    /** {@code --help} was given: the usage has been printed, nothing is to run. */
    public static final class HelpShown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpShown() {
            super("help shown");
        }
    }

    /**
     * Reads {@code args} into {@code options}: an option given twice takes its last value (the
     * launchers give defaults first). Prints the usage to {@code out} and throws {@link HelpShown}
     * for {@code --help}; throws IllegalArgumentException with a one-line message for anything picocli
     * refuses (an unknown option, a missing or malformed value).
     */
    public static <T> T parse(T options, String[] args, PrintStream out) {
        return parse(commandLine(options), options, args, out);
    }

    /**
     * As {@link #parse(Object, String[], PrintStream)}, for a command whose positional parameter is
     * text that may start with a hyphen (a query: {@code "-- comment\n select …"}): an argument that
     * names no option is the command's parameter, and the command tells a mistyped option from text.
     */
    public static <T> T parseWithText(T options, String[] args, PrintStream out) {
        return parse(commandLine(options).setUnmatchedOptionsArePositionalParams(true), options, args, out);
    }

    private static <T> T parse(CommandLine line, T options, String[] args, PrintStream out) {
        try {
            line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (line.isUsageHelpRequested()) {
            line.usage(out);
            throw new HelpShown();
        }
        return options;
    }

    /** The usage's first line (the synopsis), as an error is followed by it. */
    public static String synopsis(Object options) {
        return "usage: " + commandLine(options).getHelp().synopsis(0).strip();
    }

    /** Prints a wrong command line's error and the command's synopsis; returns the exit code. */
    public static int wrong(IllegalArgumentException e, String synopsis, PrintStream err) {
        err.println("error: " + e.getMessage());
        err.println(synopsis);
        return WRONG_ARGUMENTS;
    }

    /** The help option every command has: {@code @Mixin CommandLines.Help help;}. */
    public static final class Help {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;
    }

    /** The output folder a reader of the output (query, report) reads: {@code @Mixin CommandLines.OutputFolder}. */
    public static final class OutputFolder {
        @Option(names = "--output", paramLabel = "DIR", defaultValue = "out",
                description = "the output folder jobs/run.sh wrote (default: ${DEFAULT-VALUE})")
        public String output;
    }

    /** Reads a command line: its options, or throws as {@link #parse} does. */
    public interface Reading<T> {
        T read() throws IOException;
    }

    /** A main's command line: the options, or (null) the exit code to end with. */
    public record ForMain<T>(T options, int exit) {
    }

    /**
     * A main's command line read: its options, or no options and the exit code, 0 after
     * {@code --help}, {@link #WRONG_ARGUMENTS} after printing the error and {@code synopsis}.
     */
    public static <T> ForMain<T> forMain(Reading<T> reading, String synopsis, PrintStream err) {
        try {
            return new ForMain<>(reading.read(), 0);
        } catch (HelpShown e) {
            return new ForMain<>(null, 0);
        } catch (IllegalArgumentException e) {
            return new ForMain<>(null, wrong(e, synopsis, err));
        } catch (IOException e) {
            return new ForMain<>(null, wrong(new IllegalArgumentException(e.getMessage(), e), synopsis, err));
        }
    }

    private static CommandLine commandLine(Object options) {
        return new CommandLine(options).setOverwrittenOptionsAllowed(true).setUsageHelpWidth(120);
    }
}
