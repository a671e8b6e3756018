package io.tessera.datanode.txn;

/**
 * Thrown by a reader that must not block ({@link IntentVisibility#resolverWithoutWaits}) where it would wait: for
 * a prepared intent's outcome, a GTM round trip, a re-read of a table's schema. The caller releases what it holds
 * and runs the same read again on a thread that may wait. Carries no stack trace: it is control flow, not an error,
 * and never reaches a client.
 */
public final class WouldWait extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The one instance (no state, no stack trace). */
    public static final WouldWait INSTANCE = new WouldWait();

    private WouldWait() {
        super("the read would wait", null, false, false);
    }
}
