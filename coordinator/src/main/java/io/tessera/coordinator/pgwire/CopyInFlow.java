package io.tessera.coordinator.pgwire;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.pgwire.types.PgWireType;
import io.tessera.coordinator.pgwire.types.PgWireTypes;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.CopyIn;
import java.util.List;

/**
 * One {@code COPY ... FROM STDIN} in progress on a connection: CopyData bodies are split into lines and fields
 * ({@link CopyText.Reader}), each field decoded with its column's text input function, and each row handed to the
 * SQL layer's {@link CopyIn}, which batches rows to the datanodes. Errors get PostgreSQL's context line:
 * {@code COPY t, line 3: "raw line"}, or {@code COPY t, line 3, column a: "field"} when a value does not parse.
 *
 * <p>Memory: one line plus the SQL layer's per-datanode batches; the connection stops reading from the socket
 * while its queue of unprocessed frames is long (see {@code PgConnection#channelRead}), so a client sending faster
 * than the datanodes write is held back by TCP rather than buffered.
 */
final class CopyInFlow {
    private final CopyIn copy;
    private final CopyText.Reader reader;
    private final PgWireType[] types;
    private final String[] names;
    private final CopyText.LineHandler handler = this::row;

    CopyInFlow(CopyIn copy) {
        this.copy = copy;
        List<Column> columns = copy.targetColumns();
        this.types = new PgWireType[columns.size()];
        this.names = new String[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = PgWireTypes.forOid(columns.get(i).typeOid());
            names[i] = columns.get(i).name();
        }
        this.reader = new CopyText.Reader(copy.format(), List.of(names), copy.relation());
    }

    int columnCount() {
        return types.length;
    }

    /** A CopyData body. @throws TesseraException with context; the caller then ends the COPY with {@link #fail} */
    void data(byte[] body) {
        try {
            reader.feed(body, 0, body.length, handler);
        } catch (TesseraException e) {
            throw withLineContext(e);
        }
    }

    /** CopyDone: the last line, then the rows' fate. @return the command tag */
    String done() {
        try {
            reader.end(handler);
        } catch (TesseraException e) {
            throw withLineContext(e);
        }
        return copy.finish();
    }

    /** Ends the COPY as failed (CopyFail, a bad line, a protocol error, a lost connection). */
    void fail(TesseraException cause) {
        copy.fail(cause);
    }

    /** CopyFail from the client: 57014 {@code COPY from stdin failed: <message>}, as PostgreSQL reports it. */
    static TesseraException clientFailure(String message) {
        return new TesseraException(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + message);
    }

    private TesseraException withLineContext(TesseraException e) {
        if (e.context() != null) {
            return e;
        }
        String raw = reader.pending();
        return e.withContext("COPY " + copy.relation() + ", line " + Math.max(reader.lineNumber(), 1)
                + (raw.isEmpty() ? "" : ": \"" + raw + "\""));
    }

    private void row(String[] fields, long line, String raw) {
        Object[] values = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == null) {
                continue;
            }
            try {
                values[i] = types[i].decodeText(fields[i]);
            } catch (TesseraException e) {
                throw e.withContext("COPY " + copy.relation() + ", line " + line + ", column " + names[i] + ": \""
                        + fields[i] + "\"");
            }
        }
        try {
            copy.row(values);
        } catch (TesseraException e) {
            throw e.context() != null ? e
                    : e.withContext("COPY " + copy.relation() + ", line " + line + ": \"" + raw + "\"");
        }
    }
}
