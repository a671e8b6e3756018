package io.tessera.coordinator.sql.exec;

import io.grpc.Status;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.protocol.datanode.ScanRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Gathers a scan from several datanodes in parallel: one server-streaming Scan call per datanode, all started at
 * once, their batches taken in the order they arrive from whichever datanode has one ({@link RemoteStream}s sharing
 * one queue). Each stream has at most {@link RemoteStream#PREFETCH} batches waiting, and gRPC's flow control holds
 * each datanode back beyond that, so the coordinator holds a few batches per datanode however large the result.
 *
 * <p>Errors: the first stream to fail ends the gather with its error (the datanode's SQLSTATE as it sent it, or a
 * connection failure as 08006 naming the node), and every other call is cancelled, so no datanode keeps a cursor
 * open. A replicated table's read moves to its next copy instead when its node is unavailable before returning any
 * row. Closing the enumerator early (LIMIT, an error, a cancelled statement) cancels every call too; a cancelled
 * statement fails with its own 57014.
 *
 * <p>Merge mode (with an {@code order}): every datanode returns its rows sorted (a top-N, {@code ScanRequest.top_n});
 * each stream then has its own queue and the gather is a k-way merge, a heap of the streams ordered by their head
 * rows, waiting only on the stream whose head is needed next.
 */
final class DistributedScan implements Enumerator<Object[]> {
    /**
     * One datanode's part of the scan; {@code fallbacks} are other nodes holding the same rows (a replicated
     * table's other copies), tried in order when {@code node} is unavailable before it returned anything.
     */
    record Part(NodeDef node, ScanRequest request, List<NodeDef> fallbacks) {
        Part(NodeDef node, ScanRequest request) {
            this(node, request, List.of());
        }
    }

    private final List<Part> parts;
    private final List<PgType> outputTypes;
    private final StatementContext ctx;
    private final BlockingQueue<RemoteStream.Event> events = new LinkedBlockingQueue<>();
    /** Merge mode: each part's own queue (else null, and every stream shares {@link #events}). */
    private final List<BlockingQueue<RemoteStream.Event>> partQueues;
    /** Merge mode: the order of the datanodes' rows, and each part's current batch and position in it. */
    private final Comparator<Object[]> order;
    private final List<List<Object[]>> heads = new ArrayList<>();
    private final int[] headPos;
    private PriorityQueue<Integer> merge;
    /** The stream reading each part (replaced when the part moves to another copy). */
    private final List<RemoteStream> streams = new ArrayList<>();
    /** How many of each part's fallbacks have been tried. */
    private final int[] fallbacksTried;
    private int open;
    private volatile boolean closed;
    private List<Object[]> batch = List.of();
    private int inBatch;
    private Object[] current;

    DistributedScan(List<Part> parts, List<PgType> outputTypes, StatementContext ctx) {
        this(parts, outputTypes, ctx, null);
    }

    /**
     * @param order null for an unordered gather; else the order in which every part's rows arrive, merged in it
     */
    DistributedScan(List<Part> parts, List<PgType> outputTypes, StatementContext ctx, Comparator<Object[]> order) {
        this.parts = parts;
        this.outputTypes = outputTypes;
        this.ctx = ctx;
        this.order = order;
        this.fallbacksTried = new int[parts.size()];
        this.headPos = new int[parts.size()];
        this.partQueues = order == null ? null : new ArrayList<>();
        try {
            for (Part p : parts) {
                streams.add(RemoteStream.open(ctx, p.node(), p.request(), outputTypes, queue(streams.size()),
                        onTransport()));
                heads.add(List.of());
                open++;
            }
        } catch (RuntimeException e) {
            close();
            throw GrpcErrors.fromStatus(e, parts.get(streams.size()).node().name());
        }
        ctx.cancellation().onCancel(this::close); // unblocks a read waiting on a datanode
    }

    @Override
    public Object[] current() {
        return current;
    }

    /** Whether the streams run their callbacks on the transport thread: one part, decoded by the reader itself. */
    private boolean onTransport() {
        return parts.size() == 1;
    }

    /** The queue part {@code part}'s stream delivers to. */
    private BlockingQueue<RemoteStream.Event> queue(int part) {
        if (partQueues == null) {
            return events;
        }
        while (partQueues.size() <= part) {
            partQueues.add(new LinkedBlockingQueue<>());
        }
        return partQueues.get(part);
    }

    @Override
    public boolean moveNext() {
        return order == null ? nextUnordered() : nextMerged();
    }

    /** Merge mode: the smallest head row of all parts. */
    private boolean nextMerged() {
        ctx.checkCancelled();
        if (merge == null) {
            merge = new PriorityQueue<>(Math.max(1, parts.size()),
                    (a, b) -> order.compare(heads.get(a).get(headPos[a]), heads.get(b).get(headPos[b])));
            for (int p = 0; p < parts.size(); p++) {
                if (advance(p)) {
                    merge.add(p);
                }
            }
        }
        Integer p = merge.poll();
        if (p == null) {
            return false;
        }
        current = heads.get(p).get(headPos[p]++);
        if (headPos[p] < heads.get(p).size() || advance(p)) {
            merge.add(p);
        }
        return true;
    }

    /** Merge mode: loads part {@code p}'s next non-empty batch; false at its end. */
    private boolean advance(int p) {
        while (true) {
            ctx.checkCancelled();
            RemoteStream.Event e = take(partQueues.get(p));
            if (e.stream() != streams.get(p)) {
                continue; // a stream replaced by another copy
            }
            if (e.hasRows()) {
                e.stream().taken();
                List<Object[]> rows = e.rows();
                if (!rows.isEmpty()) {
                    heads.set(p, rows);
                    headPos[p] = 0;
                    return true;
                }
            } else if (e.isEnd()) {
                open--;
                return false;
            } else if (!failOver(p, e.error())) {
                throw fail(e.stream(), e.error());
            }
        }
    }

    private boolean nextUnordered() {
        while (true) {
            ctx.checkCancelled();
            if (inBatch < batch.size()) {
                current = batch.get(inBatch++);
                return true;
            }
            if (open == 0) {
                return false;
            }
            RemoteStream.Event e = take(events);
            int part = streams.indexOf(e.stream());
            if (part < 0) {
                continue; // a stream replaced by another copy
            }
            if (e.hasRows()) {
                e.stream().taken();
                batch = e.rows();
                inBatch = 0;
            } else if (e.isEnd()) {
                open--;
            } else if (!failOver(part, e.error())) {
                throw fail(e.stream(), e.error());
            }
        }
    }

    private RemoteStream.Event take(BlockingQueue<RemoteStream.Event> queue) {
        try {
            return queue.take();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            close();
            throw ctx.cancellation().isCancelled() ? ctx.cancellation().error()
                    : new TesseraException(io.tessera.common.error.SqlState.QUERY_CANCELED,
                            "canceling statement: the coordinator's worker was interrupted");
        }
    }

    /** Restarts {@code part} on its next copy if its node was unavailable before returning anything. */
    private boolean failOver(int part, Throwable error) {
        Part p = parts.get(part);
        RemoteStream failed = streams.get(part);
        if (failed.started() || fallbacksTried[part] >= p.fallbacks().size() || ctx.cancellation().isCancelled()
                || closed || Status.fromThrowable(error).getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        NodeDef next = p.fallbacks().get(fallbacksTried[part]++);
        try {
            streams.set(part, RemoteStream.open(ctx, next, p.request(), outputTypes, queue(part), onTransport()));
        } catch (RuntimeException e) {
            throw fail(failed, e);
        }
        return true;
    }

    /** Ends the gather after {@code error}: the statement's cancellation error if it was cancelled, else it as SQL. */
    private RuntimeException fail(RemoteStream stream, Throwable error) {
        close();
        if (ctx.cancellation().isCancelled()) {
            return ctx.cancellation().error();
        }
        return error instanceof TesseraException te ? te : GrpcErrors.fromStatus(error, stream.node().name());
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a distributed scan cannot be rewound");
    }

    /** Cancels every call still running; safe from any thread (a cancellation callback) and idempotent. */
    @Override
    public void close() {
        closed = true;
        for (RemoteStream s : List.copyOf(streams)) {
            s.cancel();
        }
    }
}
