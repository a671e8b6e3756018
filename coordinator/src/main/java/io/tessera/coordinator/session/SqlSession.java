package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;
import java.util.List;
import java.util.Map;

/**
 * One client connection's state in the SQL layer: its database, user, settings and (later) transaction.
 * Used by one pgwire connection at a time, from one thread at a time.
 *
 * <p>Both protocols go through {@link #prepare}: the simple query protocol prepares and executes each statement of
 * the query string in turn (the frontend splits the string into statements); the extended protocol
 * maps Parse to {@code prepare}, Bind+Execute to {@link PreparedStatement#execute}.
 */
public interface SqlSession extends AutoCloseable {
    /**
     * Parses and plans one statement.
     *
     * @param sql one SQL statement, without a trailing semicolon; PostgreSQL's {@code $n} parameters allowed
     * @param paramTypeOids parameter type OIDs the client specified (0 = unspecified); may be shorter than the
     *     number of parameters
     * @throws TesseraException with SQLSTATE 42601 (and a 1-based position) for a syntax error, 42P01 for an
     *     unknown table, 42703 for an unknown column, ...
     */
    PreparedStatement prepare(String sql, List<Integer> paramTypeOids);

    /**
     * The ParameterStatus values the server reports after authentication and whenever one changes
     * (server_version, client_encoding, DateStyle, TimeZone, integer_datetimes, standard_conforming_strings, ...).
     */
    Map<String, String> parameterStatus();

    /** Transaction status for ReadyForQuery: 'I' idle, 'T' in a transaction block, 'E' in a failed block. */
    char transactionStatus();

    /**
     * Whether the session holds nothing that ending its implicit transaction and {@link #ready} would have to
     * release through another node or wait for: no transaction, no table lock, no deferred execution. Then the end
     * of a statement and ReadyForQuery touch only this process's memory, and may run on an I/O thread. False when
     * unknown.
     */
    default boolean idle() {
        return false;
    }

    /**
     * Executes {@code statement} on a thread that must not block (the connection's I/O event loop) when it can get as
     * far as its first row's wait without waiting for anything: a cached point select outside a transaction block,
     * whose plan is current and whose row comes as one datanode's answer ({@link QueryResult#whenAnswered}). Checks
     * privileges and table locks as {@link PreparedStatement#execute} does.
     *
     * @return the result, or null when the statement would wait before its answer (a plan to redo, a table lock
     *     held or queued, a GTM snapshot, a stream of rows, a transaction block) or is of another kind: nothing was
     *     done, and the caller executes it on a thread that may wait
     * @throws TesseraException for the statement's own errors, as {@link PreparedStatement#execute}
     */
    default QueryResult executeWithoutWaiting(PreparedStatement statement, List<Object> params) {
        return null;
    }

    /**
     * Opens PostgreSQL's implicit transaction block: until {@link #endImplicitTransaction} the statements run
     * outside BEGIN share one transaction instead of committing one by one — the statements of one simple Query
     * message, or the Execute messages up to a Sync in the extended protocol (pgjdbc's {@code executeBatch} in
     * autocommit). An error rolls back everything the implicit block wrote. Idempotent while open; a BEGIN inside
     * turns it into an ordinary block (https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT).
     */
    default void beginImplicitTransaction() {
    }

    /**
     * Closes the implicit transaction block: with {@code commit}, commits what it wrote; otherwise (after an error)
     * rolls it back. Nothing happens inside a BEGIN block, whose end COMMIT or ROLLBACK decides.
     *
     * @throws TesseraException when the commit fails (40001, 08007, a datanode error); the transaction is then over
     */
    default void endImplicitTransaction(boolean commit) {
    }

    /**
     * Executes {@code statement} deferred, when it can be: a plain INSERT ... VALUES (no RETURNING, ON CONFLICT or
     * subquery) inside a transaction block, explicit or implicit. Its rows are computed, coerced and checked now and
     * written with the other deferred executions at {@link #flushDeferred}, which the caller must run before anything
     * that could observe them (another statement, the block's end, an error it reports).
     *
     * @return the execution's command tag ({@code INSERT 0 n}), or null when it was not deferred (execute it)
     * @throws TesseraException this execution's own error (coercion, CHECK), after the earlier deferred ones were
     *     written
     * @throws DeferredFailure when writing the earlier deferred executions failed
     */
    default String deferExecute(PreparedStatement statement, List<Object> params) {
        return null;
    }

    /**
     * Writes the deferred executions' rows (one request per datanode).
     *
     * @throws DeferredFailure naming the execution that failed; the transaction has failed with it
     */
    default void flushDeferred() {
    }

    /**
     * The session's process id, which BackendKeyData reports and {@code pg_backend_pid()} returns (PostgreSQL's are
     * the same number); 0 lets the frontend number the connection itself.
     */
    default int processId() {
        return 0;
    }

    /**
     * The frontend is about to run this statement text (the simple protocol's statement, or an Execute's prepared
     * statement): {@code pg_stat_activity} shows it as the session's active query.
     */
    default void executing(String sql) {
    }

    /** The frontend is about to send ReadyForQuery: the session waits for its client ({@code pg_stat_activity}). */
    default void ready() {
    }

    /**
     * Gives the session the frontend's way to end the connection from any thread ({@code pg_terminate_backend}):
     * the client gets FATAL 57P01 and the session is closed.
     */
    default void onTerminate(Runnable terminate) {
    }

    /**
     * Gives the session the frontend's way to send a NoticeResponse while a statement runs (a long statement's
     * progress, as psql prints PostgreSQL's). Call the sink only from the thread executing the statement: it writes
     * to the connection's output in order with the statement's other messages.
     */
    default void onNotice(java.util.function.Consumer<TesseraException> sink) {
    }

    /** Asks the statement running in this session to stop (CancelRequest); it fails with 57014. May be called from any thread. */
    void cancel();

    /**
     * Binds the calling thread to this session while the protocol layer works for it (parse, execute, stream rows);
     * returns the action that unbinds it. Inside a transaction block that ran DDL, the catalog calls made on the thread
     * then see the block's own catalog changes.
     */
    default Runnable enter() {
        return () -> { };
    }

    @Override
    void close();
}
