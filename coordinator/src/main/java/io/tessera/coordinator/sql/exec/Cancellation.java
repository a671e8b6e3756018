package io.tessera.coordinator.sql.exec;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cancellation of one statement, by a CancelRequest or by {@code statement_timeout}: a flag that operators
 * poll (Calcite's generated code polls the same flag), the reason PostgreSQL reports (57014 either way), and
 * callbacks that interrupt what polling cannot reach — datanode calls blocked on a lock or a stream.
 */
public final class Cancellation {
    private final AtomicBoolean flag = new AtomicBoolean();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String reason = "user request";

    /** Cancels the statement; {@code reason} completes "canceling statement due to ...". Safe from any thread. */
    public void cancel(String reason) {
        this.reason = reason;
        if (flag.compareAndSet(false, true)) {
            for (Runnable r : listeners) {
                try {
                    r.run();
                } catch (RuntimeException ignored) {
                    // a listener failing must not stop the others
                }
            }
        }
    }

    /** Runs {@code r} when the statement is cancelled (at once if it already is). */
    public void onCancel(Runnable r) {
        listeners.add(r);
        if (flag.get()) {
            r.run();
        }
    }

    /** The flag Calcite's generated code polls ({@code DataContext.Variable.CANCEL_FLAG}). */
    public AtomicBoolean flag() {
        return flag;
    }

    public boolean isCancelled() {
        return flag.get();
    }

    /** Throws 57014 when the statement was cancelled. */
    public void check() {
        if (flag.get()) {
            throw error();
        }
    }

    /** The error a cancelled statement fails with. */
    public TesseraException error() {
        return new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to " + reason);
    }
}
