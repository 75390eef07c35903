package org.burdenwatch.records;

/**
 * The run cannot proceed: the input root or divisions/ is missing, a file cannot be read, a
 * required column is absent. The message is one line naming the path and the problem.
 */
public final class InputProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputProblem(String message) {
        super(message);
    }

    public InputProblem(String message, Throwable cause) {
        super(message, cause);
    }
}
