package io.tessera.reduce.exchange;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Channel;
import io.tessera.common.codec.ByteSink;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.exec.KeyHash;
import io.tessera.executor.exec.RowSource;
import io.tessera.reduce.InboxKey;
import io.tessera.reduce.ReduceSender;
import io.tessera.protocol.reduce.ReduceBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The sending half of an exchange (Postgres-XL's "Distribute results by H: key"): pulls every row of its input,
 * sends it to target {@link KeyHash#target hash(row[key]) mod n} — a row whose key is NULL to this node's own
 * target, as it matches nothing anywhere — or, by its {@link Partitioning}, to the datanode of a table's shard of the
 * key, or to every target (broadcast), through one reduce stream per target ({@link ReduceSender}, this node's
 * own inbox included), in batches of at most {@code batchRows} rows or 256 KiB encoded by {@link RowCodec}.
 *
 * <p>Memory is bounded: one batch under construction per target, and each stream sends only while its receiver grants
 * credit, so a slow receiver stops this sender (and so its input's scan) instead of anything buffering.
 *
 * <p>Runs on a thread of its own ({@link #start}): the receiving fragment on the same node is a separate consumer,
 * and a node's join must be able to build its hash table from one exchange while its own rows of the other
 * exchange wait for credit. The thread owns the input and closes it at the end. Lifecycle:
 * <pre>
 *   start ─▶ open a Push per target (receivers may open their inboxes later: each call waits for it)
 *         ─▶ rows → batches → send (blocks without credit)  ─▶ finish every stream, wait for their acks ─▶ done
 *   any error, or stop(): abort every stream (each receiver's inbox fails) and report the error to onFailure
 * </pre>
 */
public final class ExchangeSendNode {
    /** How long a receiver holds one of these streams waiting for its inbox to open. */
    public static final int WAIT_FOR_OPEN_MS = 30_000;
    private static final int MAX_BATCH_BYTES = 256 * 1024;

    /** A target datanode: its name and the channel to its reduce endpoint. */
    public record Target(String name, Channel channel) {
    }

    private final RowSource input;
    private final Partitioning partitioning;
    private final List<Target> targets;
    private final int self;
    private final InboxKey stream;
    private final String senderName;
    private final int batchRows;
    private final BooleanSupplier cancelled;
    private final Consumer<TesseraException> onFailure;
    private final RowCodec codec;
    /** Why {@link #stop(long, TesseraException)} stopped this sender, if for an error; forwarded down the streams. */
    private volatile TesseraException stopCause;
    private volatile boolean stopped;
    private Thread thread;
    private long rowsSent;

    /**
     * @param input the rows to distribute (owned from now on: closed by the sending thread)
     * @param key the input column hashed
     * @param targets every receiver, in the order shared by all senders of the exchange
     * @param self this node's index in {@code targets} (rows with a NULL key go there)
     * @param stream the exchange's reduce stream (query id, stream id)
     * @param cancelled true once the statement is cancelled: sending stops with 57014
     * @param onFailure told of the error that ended the sending (not of a stop)
     */
    public ExchangeSendNode(RowSource input, int key, List<Target> targets, int self, InboxKey stream,
            String senderName, int batchRows, BooleanSupplier cancelled, Consumer<TesseraException> onFailure) {
        this(input, new Partitioning.Hash(key), targets, self, stream, senderName, batchRows, cancelled, onFailure);
    }

    /**
     * As {@link #ExchangeSendNode(RowSource, int, List, int, InboxKey, String, int, BooleanSupplier, Consumer)}, the
     * targets of each row chosen by {@code partitioning} (hash, a table's shard map, or broadcast).
     *
     * @throws TesseraException XX000 when the key is not an input column, a shard's target is not a target, or
     *     {@code self} is not a target
     */
    public ExchangeSendNode(RowSource input, Partitioning partitioning, List<Target> targets, int self,
            InboxKey stream, String senderName, int batchRows, BooleanSupplier cancelled,
            Consumer<TesseraException> onFailure) {
        int key = partitioning.key();
        boolean badShard = partitioning instanceof Partitioning.ShardMap m
                && (m.shardTargets().length == 0
                        || java.util.Arrays.stream(m.shardTargets()).anyMatch(t -> t < 0 || t >= targets.size()));
        if ((!partitioning.broadcast() && (key < 0 || key >= input.types().size())) || badShard || self < 0
                || self >= targets.size()) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "exchange " + partitioning + " of "
                    + input.types().size() + " columns, self " + self + " of " + targets.size() + " targets");
        }
        this.input = input;
        this.partitioning = partitioning;
        this.targets = List.copyOf(targets);
        this.self = self;
        this.stream = stream;
        this.senderName = senderName;
        this.batchRows = batchRows;
        this.cancelled = cancelled;
        this.onFailure = onFailure;
        this.codec = new RowCodec(input.types());
    }

    /** Starts the sending thread. */
    public void start() {
        thread = new Thread(this::run, "exchange-send-" + stream);
        thread.setDaemon(true);
        thread.start();
    }

    private boolean stopping() {
        return stopped || cancelled.getAsBoolean();
    }

    /** Sends every input row; on the calling thread (tests, or {@link #start}'s thread). */
    public void run() {
        List<ReduceSender> out = new ArrayList<>();
        try {
            for (Target t : targets) {
                out.add(ReduceSender.open(t.channel(), t.name(), stream, senderName, this::stopping,
                        WAIT_FOR_OPEN_MS));
            }
            int n = targets.size();
            ByteSink[] sinks = new ByteSink[n];
            int[] counts = new int[n];
            for (int i = 0; i < n; i++) {
                sinks[i] = new ByteSink(16 * 1024);
            }
            for (Object[] row = input.next(); row != null; row = input.next()) {
                if (stopping()) {
                    throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
                }
                if (partitioning.broadcast()) {
                    for (int t = 0; t < n; t++) {
                        add(row, t, out, sinks, counts);
                    }
                } else {
                    add(row, partitioning.target(row, n, self), out, sinks, counts);
                }
            }
            for (int t = 0; t < n; t++) {
                if (counts[t] > 0) {
                    send(out.get(t), sinks[t], counts[t]);
                    counts[t] = 0;
                }
            }
            for (ReduceSender s : out) {
                s.finish(this::stopping);
            }
        } catch (RuntimeException e) {
            // decided once, as the error arrives: forwarding it below lets a receiver fail and close, which may
            // stop this sender (ExchangeReceiveNode.close) before the error is reported
            boolean stoppedFirst = stopped;
            boolean stoppingFirst = stoppedFirst || cancelled.getAsBoolean();
            TesseraException forward = stoppedFirst ? stopCause : e instanceof TesseraException te ? te : null;
            if (forward != null && forward.sqlState() != SqlState.QUERY_CANCELED
                    && forward.sqlState() != SqlState.INTERNAL_ERROR
                    && !forward.sqlState().code().startsWith("08")) {
                out.forEach(s -> s.fail(forward)); // the receivers fail with the statement's own error
            } else {
                out.forEach(s -> s.abort(e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            // a receiver that closed its inbox (57014 from its side, while this statement was not stopping) failed
            // for a reason of its own, which reaches the coordinator from there: not this node's error to report
            boolean receiverClosed = !stoppingFirst && e instanceof TesseraException te
                    && te.sqlState() == SqlState.QUERY_CANCELED;
            if (!stoppedFirst && !receiverClosed) {
                onFailure.accept(e instanceof TesseraException te ? te
                        : new TesseraException(SqlState.INTERNAL_ERROR, "exchange " + stream + " failed: " + e, e));
            }
        } finally {
            input.close();
        }
    }

    private void add(Object[] row, int t, List<ReduceSender> out, ByteSink[] sinks, int[] counts) {
        codec.encode(row, sinks[t]);
        rowsSent++;
        if (++counts[t] >= batchRows || sinks[t].size() >= MAX_BATCH_BYTES) {
            send(out.get(t), sinks[t], counts[t]);
            counts[t] = 0;
        }
    }

    private static void send(ReduceSender s, ByteSink sink, int rows) {
        s.send(ReduceBatch.newBuilder().setRowCount(rows)
                .setData(UnsafeByteOperations.unsafeWrap(sink.toByteArray())).build());
        sink.reset();
    }

    /** Rows sent so far (all targets). */
    public long rowsSent() {
        return rowsSent;
    }

    /**
     * Waits for the sending thread to end by itself: every stream finished (its receiver took all of this node's
     * batches), or failed, or the statement was cancelled. A node whose own join is done still waits here, as its
     * peers may not have taken all of its rows yet.
     */
    public void awaitDone() {
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(10_000);
        }
    }

    /**
     * Stops sending (the streams are aborted, so the receivers' inboxes fail) and waits up to {@code timeoutMs} for
     * the thread to close its input. Idempotent; no effect on a finished sender.
     */
    public void stop(long timeoutMs) {
        stop(timeoutMs, null);
    }

    /**
     * As {@link #stop(long)}, for a statement that failed with {@code cause} on this node: the streams end with that
     * error instead (its receivers report the statement's own SQLSTATE, not a lost peer), unless it is a
     * cancellation or a connection failure.
     */
    public void stop(long timeoutMs, TesseraException cause) {
        stopCause = cause;
        stopped = true;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
