package io.tessera.coordinator.catalog.pgcatalog;

import java.util.Map;

/**
 * One client session of this coordinator as {@code pg_stat_activity} shows it, and the handles
 * {@code pg_cancel_backend} and {@code pg_terminate_backend} act on.
 *
 * <p>Written by the session's own thread (statement start, ReadyForQuery), read by any session's view; the fields
 * are volatile and each read sees a recent state, as PostgreSQL's views do (their rows are not one consistent
 * snapshot either). Times are milliseconds since the epoch (Calcite's timestamptz representation).
 */
public final class Backend {
    private final int pid;
    private final String user;
    private final String database;
    private final Map<String, String> settings;
    private final long backendStart;
    private final Runnable cancel;
    private final Runnable terminate;
    private volatile String state = "idle";
    private volatile String query = "";
    private volatile Long queryStart;
    private volatile Long xactStart;
    private volatile long stateChange;

    /**
     * @param pid the session's process id (BackendKeyData, {@code pg_backend_pid()})
     * @param settings the session's live settings (application_name is read from them)
     * @param cancel stops the running statement (57014), from any thread
     * @param terminate ends the session's connection (57P01), from any thread
     */
    public Backend(int pid, String user, String database, Map<String, String> settings, Runnable cancel,
            Runnable terminate) {
        this.pid = pid;
        this.user = user;
        this.database = database;
        this.settings = settings;
        this.cancel = cancel;
        this.terminate = terminate;
        this.backendStart = System.currentTimeMillis();
        this.stateChange = backendStart;
    }

    /**
     * A statement starts: {@code state} becomes {@code active}, {@code query} its text.
     *
     * @param inTransactionBlock whether a transaction (BEGIN block) is already open; otherwise the statement is its
     *     own transaction and {@code xact_start} becomes its start, as in PostgreSQL
     */
    public void statementStarted(String sql, boolean inTransactionBlock) {
        long now = System.currentTimeMillis();
        query = sql;
        queryStart = now;
        if (!inTransactionBlock || xactStart == null) {
            xactStart = now;
        }
        state = "active";
        stateChange = now;
    }

    /**
     * The session waits for its client (ReadyForQuery) with this transaction status: {@code I} idle,
     * {@code T} in a block, {@code E} in a failed block.
     */
    public void ready(char transactionStatus) {
        String next = switch (transactionStatus) {
            case 'T' -> "idle in transaction";
            case 'E' -> "idle in transaction (aborted)";
            default -> "idle";
        };
        if (transactionStatus != 'T') {
            xactStart = null; // PostgreSQL shows no transaction start for an aborted block either
        }
        if (!next.equals(state)) {
            state = next;
            stateChange = System.currentTimeMillis();
        }
    }

    public int pid() {
        return pid;
    }

    public String user() {
        return user;
    }

    public String database() {
        return database;
    }

    public String applicationName() {
        return settings.getOrDefault("application_name", "");
    }

    public long backendStart() {
        return backendStart;
    }

    public String state() {
        return state;
    }

    /** The running statement's text, or the last one's when idle ({@code ""} before the first). */
    public String query() {
        return query;
    }

    public Long queryStart() {
        return queryStart;
    }

    public Long xactStart() {
        return xactStart;
    }

    public long stateChange() {
        return stateChange;
    }

    /** {@code pg_cancel_backend}: stops the running statement, if any. */
    public void cancel() {
        cancel.run();
    }

    /** {@code pg_terminate_backend}: ends the session's connection. */
    public void terminate() {
        terminate.run();
    }
}
