package io.proxyctl.config.bind;

/**
 * A value of the bootstrap tree cannot be bound to the model. Carries the JSON pointer of the offending node so
 * the caller can map it to a line and column.
 */
public final class BindException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String pointer;

    public BindException(String pointer, String message) {
        super(message);
        this.pointer = pointer == null ? "" : pointer;
    }

    /** The JSON pointer of the node, "" for the root. */
    public String pointer() {
        return pointer;
    }

    /** {@code <message> (at <pointer>)}, one line. */
    @Override
    public String toString() {
        return getMessage() + (pointer.isEmpty() ? "" : " (at " + pointer + ")");
    }
}
