package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;

/**
 * The outcome of executing a statement: a cursor over rows (possibly none) and a command tag.
 * The frontend pulls rows as the client can take them, so a result of any size streams in bounded memory;
 * an Execute with a row limit pulls at most that many and leaves the portal suspended.
 */
public interface QueryResult extends AutoCloseable {
    /** Same as the statement's {@link PreparedStatement#columns()}. Empty for statements without rows. */
    java.util.List<Column> columns();

    /** Same as the statement's {@link PreparedStatement#returnsRows()}. */
    default boolean returnsRows() {
        return !columns().isEmpty();
    }

    /**
     * The next row, one Java value per column in {@link io.tessera.common.types.PgType}'s representation, or null when
     * there are no more rows.
     *
     * @throws TesseraException when producing the row fails (e.g. a datanode went away mid-stream)
     */
    Object[] next();

    /**
     * The CommandComplete tag once every row was pulled ({@code SELECT 3}, {@code INSERT 0 10000}, {@code CREATE TABLE}).
     */
    String commandTag();

    /** Notices the statement raised (sent as NoticeResponse before CommandComplete). */
    default java.util.List<TesseraException> notices() {
        return java.util.List.of();
    }

    /**
     * When the next row waits for a datanode's answer that has not arrived (a point read's first row), arranges for
     * {@code callback} to run once it arrived, failed or the statement was cancelled — on the thread that receives
     * it, or at once on this one if it arrives meanwhile — and returns true: the caller may give its thread back
     * and pull the row from the callback's. False when there is no such answer to wait for ({@link #next} may
     * still block, e.g. on a stream).
     */
    default boolean whenAnswered(Runnable callback) {
        return false;
    }

    /**
     * Whether {@link #next} now returns without waiting or blocking and without the datanode's error: the awaited
     * answer is in and successful (see {@link #whenAnswered}). False when unknown.
     */
    default boolean answered() {
        return false;
    }

    /** Releases the cursor; safe to call twice. */
    @Override
    void close();
}
