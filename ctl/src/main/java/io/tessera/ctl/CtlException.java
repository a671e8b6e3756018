package io.tessera.ctl;

/**
 * A failure the user must see as one clear line on stderr (never a stack trace), with the exit code to end
 * with. {@code detail} holds optional further lines (e.g. the tail of a node's log) printed after it.
 */
public final class CtlException extends RuntimeException {
    private final int exitCode;
    private final String detail;

    public CtlException(String message) {
        this(1, message, null);
    }

    public CtlException(int exitCode, String message, String detail) {
        super(message);
        this.exitCode = exitCode;
        this.detail = detail;
    }

    public int exitCode() {
        return exitCode;
    }

    /** Further lines to print after the message, or null. */
    public String detail() {
        return detail;
    }
}
