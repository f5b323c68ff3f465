package io.proxyctl.format;

/** A format string cannot be compiled (unknown operator, unbalanced {@code %}). */
public final class FormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }
}
