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

    /** Releases the cursor; safe to call twice. */
    @Override
    void close();
}
