package io.tessera.coordinator.sql.exec;

import io.grpc.Context;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import java.util.List;
import java.util.Queue;
import java.util.stream.IntStream;
import org.apache.calcite.avatica.util.ByteString;

/**
 * One datanode's server-streaming Scan call, read with manual gRPC flow control: the call asks the datanode for
 * {@link #PREFETCH} batches up front and for one more each time the reader takes one ({@link #taken}), so at most
 * {@code PREFETCH} decoded batches of this stream wait on the coordinator, and gRPC's window back-pressures the
 * datanode (whose Scan handler only produces while its call is ready) for the rest.
 *
 * <p>Every message of the call becomes an {@link Event} offered to the {@code sink} queue it was given: a batch of
 * decoded rows, the end of the stream, or its error. Several streams may share one sink (an unordered gather reads
 * whichever datanode has rows) or each have its own (a merge reads the stream whose head row is smallest). The
 * sink needs no bound of its own: a stream never has more than {@code PREFETCH + 1} events in it.
 *
 * <p>Threads: gRPC's callbacks run on the channel's executor (one at a time per call) and decode there, so the
 * datanodes' batches are decoded in parallel with the reader; {@link #taken} and {@link #cancel} are safe from any
 * thread.
 */
final class RemoteStream implements ClientResponseObserver<ScanRequest, RowBatch> {
    /** Batches a stream may have in flight or waiting (each at most {@code ScanRequest.batch_rows} rows). */
    static final int PREFETCH = 2;

    /**
     * What a stream delivered: rows (possibly none; {@code decoded} already, or a {@code raw} batch the reader
     * decodes), its end (all three null) or error.
     */
    record Event(RemoteStream stream, List<Object[]> decoded, RowBatch raw, Throwable error) {
        boolean isEnd() {
            return decoded == null && raw == null && error == null;
        }

        boolean hasRows() {
            return decoded != null || raw != null;
        }

        /** The rows, decoded on the calling thread for a raw batch (call once per event); null without rows. */
        List<Object[]> rows() {
            return raw != null ? stream.decode(raw) : decoded;
        }
    }

    private final NodeDef node;
    private final RowCodec codec;
    private final int[] byteaColumns;
    private final Queue<Event> sink;
    private final Context.CancellableContext context;
    /**
     * Whether the call's callbacks run on the gRPC transport thread
     * ({@link io.tessera.coordinator.cluster.DatanodeClients#asyncOnTransport}): then they only queue the raw
     * batches and the reader decodes them.
     */
    private final boolean onTransport;
    private volatile ClientCallStreamObserver<ScanRequest> call;
    /** Whether a batch has arrived (then a failure can no longer move the read to another copy). */
    private volatile boolean started;
    /** Under EXPLAIN ANALYZE, where this stream's fragment records what arrived; else null. */
    private FragmentStats.Fragment analyzed;

    private RemoteStream(NodeDef node, List<PgType> outputTypes, Queue<Event> sink, boolean onTransport) {
        this.node = node;
        this.onTransport = onTransport;
        this.codec = new RowCodec(outputTypes);
        this.byteaColumns = byteaColumns(outputTypes);
        this.sink = sink;
        this.context = Context.current().withCancellation();
    }

    /**
     * Starts a Scan call on {@code node}; its events go to {@code sink}.
     *
     * @param outputTypes the types of the rows the request returns (after projection or aggregation)
     * @param onTransport run the call's callbacks on the gRPC transport thread and decode on the reader's: for a
     *     read whose reader waits on this one stream alone (a single-datanode read, such as a point select), where
     *     decoding in parallel with the reader gains nothing and the hand-off to gRPC's executor costs a thread
     *     wake-up per batch; else the batches are decoded on gRPC's executor, in parallel with the reader
     */
    static RemoteStream open(StatementContext ctx, NodeDef node, ScanRequest request, List<PgType> outputTypes,
            Queue<Event> sink, boolean onTransport) {
        RemoteStream s = new RemoteStream(node, outputTypes, sink, onTransport);
        FragmentStats analyzing = request.getAnalyze() ? FragmentStats.current() : null;
        s.analyzed = analyzing == null ? null : analyzing.of(request.getFragment());
        s.context.run(() -> (onTransport ? ctx.datanodes().asyncOnTransport(node) : ctx.datanodes().async(node))
                .scan(request, s));
        return s;
    }

    /** The datanode this stream reads from. */
    NodeDef node() {
        return node;
    }

    /** Whether the stream has delivered a batch. */
    boolean started() {
        return started;
    }

    /** The reader took one of this stream's batches: ask the datanode for the next one. */
    void taken() {
        ClientCallStreamObserver<ScanRequest> c = call;
        if (c != null) {
            c.request(1);
        }
    }

    /** Cancels the call (the datanode's handler sees it cancelled and closes its cursor); idempotent. */
    void cancel() {
        context.cancel(null);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ScanRequest> requestStream) {
        this.call = requestStream;
        requestStream.disableAutoRequestWithInitial(PREFETCH);
    }

    @Override
    public void onNext(RowBatch b) {
        started = true;
        if (analyzed != null) {
            analyzed.batch(node.name(), b);
        }
        sink.add(onTransport ? new Event(this, null, b, null) : new Event(this, decode(b), null, null));
    }

    /** The positions of the bytea columns among {@code types}, for {@link #decode(RowCodec, int[], RowBatch)}. */
    static int[] byteaColumns(List<PgType> types) {
        return IntStream.range(0, types.size()).filter(i -> types.get(i) == PgType.BYTEA).toArray();
    }

    private List<Object[]> decode(RowBatch b) {
        return decode(codec, byteaColumns, b);
    }

    /** A batch's rows in Calcite's runtime representation: bytea columns ({@code byteaColumns}) as ByteStrings. */
    static List<Object[]> decode(RowCodec codec, int[] byteaColumns, RowBatch b) {
        List<Object[]> rows = codec.decodeBatch(b.getData().toByteArray(), b.getRowCount());
        if (byteaColumns.length > 0) {
            for (Object[] row : rows) {
                for (int c : byteaColumns) {
                    if (row[c] instanceof byte[] bytes) {
                        row[c] = new ByteString(bytes); // Calcite's runtime form of bytea
                    }
                }
            }
        }
        return rows;
    }

    @Override
    public void onError(Throwable t) {
        sink.add(new Event(this, null, null, t));
    }

    @Override
    public void onCompleted() {
        if (analyzed != null) {
            analyzed.end();
        }
        sink.add(new Event(this, null, null, null));
    }
}
