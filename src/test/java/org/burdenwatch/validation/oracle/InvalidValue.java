package org.burdenwatch.validation.oracle;

/** Thrown by a value parser: the reason code (e.g. {@code invalid_date}) says what is wrong. */
public final class InvalidValue extends Exception {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public InvalidValue(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
