package io.tessera.coordinator.sql.exec;

/**
 * Thrown where a statement started on a thread that must not block ({@link StatementContext#withoutWaits}: the
 * pgwire event loop) would wait: for a GTM snapshot, a stream of rows, a table lock, a new plan. It is thrown before
 * the statement sent anything; the session undoes the statement's start and the frontend runs the same execution
 * again on a thread that may wait. Carries no stack trace: it is control flow, not an error, and never reaches a
 * client.
 */
public final class WouldWait extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The one instance (no state, no stack trace). */
    public static final WouldWait INSTANCE = new WouldWait();

    private WouldWait() {
        super("the statement would wait", null, false, false);
    }
}
