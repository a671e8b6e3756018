package io.tessera.coordinator.session;

import io.tessera.common.error.TesseraException;
import java.util.List;

/**
 * The result of executing {@code COPY ... FROM STDIN}: instead of rows, the statement asks the client for data
 * (CopyInResponse). The frontend parses the CopyData stream in {@link #format()}, decodes each field with the
 * column's type, hands each row to {@link #row}, and ends with {@link #finish} (CopyDone) or {@link #fail}
 * (CopyFail, a malformed line, a lost connection). Rows reach the datanodes in batches as they come, so a COPY of
 * any size needs bounded memory on the coordinator; they become visible when the statement's transaction commits
 * (at {@code finish} outside a transaction block, with the block's COMMIT inside one).
 *
 * <p>{@link #columns()} is empty (a COPY returns no rows); {@link #targetColumns()} names the columns the data
 * fills, in data order. Used from one thread at a time.
 */
public interface CopyIn extends QueryResult {
    CopyFormat format();

    /** The columns each data line fills, in order; their type OIDs say how to decode the text of each field. */
    List<Column> targetColumns();

    /** The table's name, for PostgreSQL's error context {@code COPY t, line 3}. */
    String relation();

    /**
     * Adds one row.
     *
     * @param values one value per target column in {@link io.tessera.common.types.PgType}'s representation, null
     *     for SQL NULL
     * @throws TesseraException when the row cannot be stored (23502 null in a NOT NULL column, 22001 too long for
     *     char(n)/varchar(n), a datanode's error); the COPY has then failed and the caller must call {@link #fail}
     */
    void row(Object[] values);

    /**
     * Ends the data: waits for every row to be written and, outside a transaction block, commits.
     *
     * @return the command tag, {@code COPY n}
     * @throws TesseraException when a write or the commit fails (nothing of this COPY is then visible)
     */
    String finish();

    /**
     * Abandons the COPY: its transaction rolls back (outside a block) or the block is failed (inside one), as for
     * any failed statement; nothing of this COPY becomes visible.
     */
    void fail(TesseraException cause);
}
