package io.tessera.reduce.exchange;

import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.executor.exec.RowSource;
import io.tessera.protocol.reduce.ReduceBatch;
import io.tessera.reduce.Inbox;
import java.util.List;

/**
 * The receiving half of a hash exchange: the rows every sender of the exchange sent to this node, batch by batch
 * from its reduce {@link Inbox} (taking a batch grants its sender credit for one more), decoded with the input's
 * types. Ends when every sender finished; throws a sender's error (its SQLSTATE) when one failed.
 *
 * <p>{@link #close} closes the inbox. After the end, it then waits for this node's own sender of the exchange to
 * finish normally (its peers may still be taking its rows); before the end (a failure, a cancellation), a sender
 * still sending here gets an error, and this node's own sender is stopped, waiting for it to release its input.
 */
public final class ExchangeReceiveNode implements RowSource {
    private final Inbox inbox;
    private final List<PgType> types;
    private final RowCodec codec;
    private final ExchangeSendNode localSender;
    private List<Object[]> batch = List.of();
    private int pos;
    private boolean closed;
    /** The error the inbox failed with, if it did. */
    private TesseraException failure;
    private boolean ended;

    /**
     * @param inbox the open inbox of the exchange's stream on this node (owned from now on)
     * @param types the exchanged rows' column types
     * @param localSender this node's sender of the same exchange, stopped on close, or null
     */
    public ExchangeReceiveNode(Inbox inbox, List<PgType> types, ExchangeSendNode localSender) {
        this.inbox = inbox;
        this.types = List.copyOf(types);
        this.codec = new RowCodec(types);
        this.localSender = localSender;
    }

    @Override
    public Object[] next() {
        while (pos >= batch.size()) {
            ReduceBatch b;
            try {
                b = inbox.take();
            } catch (TesseraException e) {
                failure = e;
                throw e;
            }
            if (b == null) {
                ended = true;
                return null;
            }
            batch = codec.decodeBatch(b.getData().toByteArray(), b.getRowCount());
            pos = 0;
        }
        return batch.get(pos++);
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    /** Reads and drops what is left, so that every sender finishes normally (a LIMIT above stopped early). */
    public void drain() {
        while (!closed && next() != null) {
            // dropped
        }
    }

    /** Rows received so far. */
    public long rowsReceived() {
        return inbox.rowsReceived();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        batch = List.of();
        try {
            inbox.close();
        } finally {
            if (localSender != null) {
                if (ended) {
                    localSender.awaitDone(); // finished normally: its peers may still be taking its rows
                } else {
                    localSender.stop(10_000, failure); // a sender's error goes on to this sender's receivers
                }
            }
        }
    }
}
