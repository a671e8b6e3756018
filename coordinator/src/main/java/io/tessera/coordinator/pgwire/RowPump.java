package io.tessera.coordinator.pgwire;

import io.netty.buffer.ByteBuf;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.coordinator.pgwire.types.PgWireType;
import io.tessera.coordinator.pgwire.types.PgWireTypes;
import io.tessera.coordinator.session.Column;
import io.tessera.coordinator.session.CopyFormat;
import io.tessera.coordinator.session.CopyOut;
import io.tessera.coordinator.session.QueryResult;
import java.util.List;

/**
 * Streams one {@link QueryResult} to the client as DataRows, pulling rows only while the channel is writable.
 *
 * <p>Rows are encoded into a batch buffer; a full batch ({@link #BATCH_BYTES}) is written and flushed, and if
 * the channel's outbound buffer is then above its high-water mark the pump stops with {@link Outcome#BLOCKED}:
 * the connection resumes it when Netty reports the channel writable again. So a result of any size needs at most
 * the water mark plus one batch of memory, however slow the client.
 *
 * <p>An Execute with a row limit sends at most that many rows per {@link #start}; when the limit is reached the
 * pump pulls one row ahead to tell "suspended" (PortalSuspended, the row kept for the next Execute) from "done"
 * (CommandComplete). Not thread-safe: driven by the connection's one task at a time.
 */
final class RowPump implements AutoCloseable {
    static final int BATCH_BYTES = 64 * 1024;

    enum Outcome {
        /** The channel is not writable; call {@link #pump} again when it is. */
        BLOCKED,
        /** The row limit was reached and rows remain; PortalSuspended was written. */
        SUSPENDED,
        /** Every row was sent; notices and CommandComplete were written. */
        DONE
    }

    private final Output output;
    private final QueryResult result;
    private final PgWireType[] types;
    private final boolean[] binary;
    private Object[] lookahead;
    private long limit;
    private long sent;
    private boolean exhausted;
    private String tag;
    private boolean closed;
    /** For a COPY TO STDOUT: its format (rows go out as CopyData lines), else null. */
    private final CopyFormat copy;
    private final List<Column> columns;
    private boolean copyStarted;
    private final StringBuilder line = new StringBuilder(256);

    /**
     * @param formats the result format code of each column (0 text, 1 binary)
     */
    RowPump(Output output, QueryResult result, List<Column> columns, short[] formats) {
        this.output = output;
        this.result = result;
        if (result instanceof CopyOut out) {
            // COPY TO STDOUT: the statement describes no rows (NoData); its result says what the lines hold
            this.copy = out.format();
            columns = out.columns();
            formats = new short[columns.size()];
        } else {
            this.copy = null;
        }
        this.columns = columns;
        this.types = new PgWireType[columns.size()];
        this.binary = new boolean[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = PgWireTypes.forOid(columns.get(i).typeOid());
            binary[i] = formats[i] == 1;
        }
    }

    /** Begins one Execute: at most {@code maxRows} rows, 0 for all. */
    void start(long maxRows) {
        limit = maxRows;
        sent = 0;
    }

    boolean exhausted() {
        return exhausted;
    }

    /** The CommandComplete tag, once {@link #exhausted()}. */
    String commandTag() {
        return tag;
    }

    /**
     * When the next row waits for a datanode's answer not yet in, arranges for {@code callback} to run on the
     * thread that receives it and returns true ({@link QueryResult#whenAnswered}); only before the first row.
     */
    boolean whenAnswered(Runnable callback) {
        return sent == 0 && lookahead == null && !exhausted && !closed && copy == null
                && result.whenAnswered(callback);
    }

    /** Whether {@link #pump} now neither waits for nor meets a datanode's error ({@link QueryResult#answered}). */
    boolean answered() {
        return result.answered();
    }

    /**
     * Sends rows until done, suspended or blocked.
     *
     * @throws TesseraException when the result fails mid-stream; rows sent before stay sent
     */
    Outcome pump() {
        ByteBuf batch = output.buf();
        if (copy != null && !copyStarted) {
            copyStarted = true;
            BackendMessages.copyResponse(batch, 'H', types.length);
            if (copy.header()) {
                String[] names = new String[columns.size()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = columns.get(i).name();
                }
                writeCopyLine(batch, names);
            }
        }
        while (true) {
            if (limit > 0 && sent >= limit) {
                if (lookahead == null) {
                    lookahead = result.next();
                    batch = output.buf(); // a NoticeResponse the row's functions sent may have flushed the batch
                }
                if (lookahead == null) {
                    finish(batch);
                    return Outcome.DONE;
                }
                BackendMessages.empty(batch, 's');
                return Outcome.SUSPENDED;
            }
            Object[] row;
            if (lookahead != null) {
                row = lookahead;
                lookahead = null;
            } else {
                row = result.next();
                batch = output.buf(); // as above (pg_advisory_unlock's WARNING)
            }
            if (row == null) {
                finish(batch);
                return Outcome.DONE;
            }
            int rowStart = batch.writerIndex();
            try {
                if (copy != null) {
                    writeCopyRow(batch, row);
                } else {
                    writeDataRow(batch, row);
                }
            } catch (RuntimeException e) {
                batch.writerIndex(rowStart); // never leave half a DataRow on the wire
                throw e;
            }
            sent++;
            if (batch.readableBytes() >= BATCH_BYTES) {
                output.flush();
                if (!output.channel().isWritable()) {
                    return Outcome.BLOCKED;
                }
                batch = output.buf();
            }
        }
    }

    private void finish(ByteBuf out) {
        exhausted = true;
        if (copy != null) {
            BackendMessages.empty(out, 'c'); // CopyDone
        }
        for (TesseraException notice : result.notices()) {
            BackendMessages.errorOrNotice(out, 'N', io.tessera.coordinator.session.Warning.severity(notice), notice);
        }
        tag = result.commandTag();
        BackendMessages.commandComplete(out, tag);
        close(); // release the cursor now; the portal lives on until Close
    }

    /** A row as one CopyData line: each value in its type's text form, then COPY's quoting or escaping. */
    private void writeCopyRow(ByteBuf out, Object[] row) {
        String[] text = new String[types.length];
        for (int i = 0; i < types.length; i++) {
            Object v = i < row.length ? row[i] : null;
            text[i] = v == null ? null : types[i].encodeText(v);
        }
        writeCopyLine(out, text);
    }

    private void writeCopyLine(ByteBuf out, String[] text) {
        line.setLength(0);
        if (copy.csv()) {
            boolean[] force = new boolean[text.length];
            for (int i = 0; i < force.length; i++) {
                force[i] = copy.forceQuoteAll() || copy.forceQuote().contains(columns.get(i).name());
            }
            CopyText.csvLine(line, text, force, copy);
        } else {
            CopyText.textLine(line, text, copy);
        }
        CopyText.copyData(out, line);
    }

    private void writeDataRow(ByteBuf out, Object[] row) {
        int at = BackendMessages.begin(out, 'D');
        out.writeShort(types.length);
        for (int i = 0; i < types.length; i++) {
            Object v = i < row.length ? row[i] : null;
            if (v == null) {
                out.writeInt(-1);
                continue;
            }
            try {
                if (binary[i]) {
                    types[i].writeBinary(out, v);
                } else {
                    types[i].writeText(out, v);
                }
            } catch (TesseraException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new TesseraException(SqlState.INTERNAL_ERROR, "cannot send a " + v.getClass().getSimpleName()
                        + " as " + types[i].typeName() + " (column " + (i + 1) + ")", e);
            }
        }
        BackendMessages.end(out, at);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            result.close();
        }
    }
}
