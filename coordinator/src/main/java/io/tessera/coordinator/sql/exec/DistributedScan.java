package io.tessera.coordinator.sql.exec;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.protocol.datanode.DatanodeGrpc;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Gathers a scan from several datanodes: one server-streaming Scan call per datanode, all started at once so the
 * datanodes work in parallel, consumed one after the other. gRPC's flow control keeps each stream's unread data
 * bounded (a window per call), so the coordinator never holds more than a few batches per datanode however large
 * the result. Closing the enumerator early (LIMIT, an error, a cancelled statement) cancels every call.
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
    private final RowCodec codec;
    private final StatementContext ctx;
    private final List<Context.CancellableContext> contexts = new ArrayList<>();
    private final List<Iterator<RowBatch>> streams = new ArrayList<>();
    /** The node each stream reads from (a part's own node, or the copy it failed over to). */
    private final List<NodeDef> streamNodes = new ArrayList<>();
    private int part;
    /** Whether the current part's stream has returned a batch (then it cannot fail over to another copy). */
    private boolean partStarted;
    /** How many of the current part's fallbacks have been tried. */
    private int fallbacksTried;
    private List<Object[]> batch = List.of();
    private int inBatch;
    private Object[] current;

    /** Output columns of type bytea: Calcite's runtime represents them as ByteString, storage as byte[]. */
    private final int[] byteaColumns;

    DistributedScan(List<Part> parts, List<PgType> outputTypes, StatementContext ctx) {
        this.parts = parts;
        this.byteaColumns = java.util.stream.IntStream.range(0, outputTypes.size())
                .filter(i -> outputTypes.get(i) == PgType.BYTEA).toArray();
        this.codec = new RowCodec(outputTypes);
        this.ctx = ctx;
        start();
        ctx.cancellation().onCancel(this::close); // unblocks a read waiting on a datanode
    }

    private void start() {
        for (Part p : parts) {
            streams.add(call(p.node(), p.request()));
            streamNodes.add(p.node());
        }
    }

    private Iterator<RowBatch> call(NodeDef node, ScanRequest request) {
        Context.CancellableContext c = Context.current().withCancellation();
        contexts.add(c);
        try {
            DatanodeGrpc.DatanodeBlockingStub stub = ctx.datanodes().blocking(node);
            return c.call(() -> stub.scan(request));
        } catch (Exception e) {
            close();
            throw GrpcErrors.fromStatus(e, node.name());
        }
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        while (true) {
            ctx.checkCancelled();
            if (inBatch < batch.size()) {
                current = batch.get(inBatch++);
                for (int c : byteaColumns) {
                    if (current[c] instanceof byte[] b) {
                        current[c] = new org.apache.calcite.avatica.util.ByteString(b);
                    }
                }
                return true;
            }
            if (part >= streams.size()) {
                return false;
            }
            Iterator<RowBatch> stream = streams.get(part);
            try {
                if (stream.hasNext()) {
                    RowBatch b = stream.next();
                    partStarted = true;
                    batch = codec.decodeBatch(b.getData().toByteArray(), b.getRowCount());
                    inBatch = 0;
                } else {
                    part++;
                    partStarted = false;
                    fallbacksTried = 0;
                }
            } catch (RuntimeException e) {
                if (!failOver(e)) {
                    throw fail(e);
                }
            }
        }
    }

    /** Restarts the current part on its next copy if its node was unavailable before returning anything. */
    private boolean failOver(RuntimeException e) {
        Part p = parts.get(part);
        if (partStarted || fallbacksTried >= p.fallbacks().size() || ctx.cancellation().isCancelled()
                || !(e instanceof StatusRuntimeException sre) || sre.getStatus().getCode() != Status.Code.UNAVAILABLE) {
            return false;
        }
        NodeDef next = p.fallbacks().get(fallbacksTried++);
        streams.set(part, call(next, p.request()));
        streamNodes.set(part, next);
        return true;
    }

    /** Ends the scan after {@code e}: the statement's cancellation error if it was cancelled, else e as SQL. */
    private RuntimeException fail(RuntimeException e) {
        close();
        if (ctx.cancellation().isCancelled()) {
            return ctx.cancellation().error();
        }
        return e instanceof TesseraException ? e : GrpcErrors.fromStatus(e, streamNodes.get(part).name());
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a distributed scan cannot be rewound");
    }

    @Override
    public void close() {
        for (Context.CancellableContext c : contexts) {
            c.cancel(null);
        }
        contexts.clear();
    }
}
