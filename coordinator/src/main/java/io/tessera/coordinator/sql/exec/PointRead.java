package io.tessera.coordinator.sql.exec;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.coordinator.catalog.NodeDef;
import io.tessera.protocol.datanode.RowBatch;
import io.tessera.protocol.datanode.ScanRequest;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A read of at most one row from one datanode — a point select by the whole primary key of a table pruned to one
 * shard — as one unary {@code Read} call (datanode.proto) instead of a server-streaming Scan: the same request
 * and the same rows, without a stream's flow-control and end-of-stream messages and the per-batch queue that
 * {@link DistributedScan} and {@link RemoteStream} keep for a read of any size. The call starts when the enumerator
 * is made; its response completes on the gRPC transport thread and wakes the reader, which decodes — or, when the
 * reader asked {@link #whenAnswered} instead of waiting, runs the reader's callback there, which then decodes on
 * that thread.
 *
 * <p>Errors as a Scan's: the datanode's SQLSTATE as sent, a connection failure as 08006 naming the node; a cancelled
 * statement (CancelRequest, statement_timeout) cancels the call and fails with its own 57014. Replicated tables
 * (which move to another copy when a node is down) keep the Scan.
 */
final class PointRead implements Enumerator<Object[]>, AwaitsAnswer {
    private final NodeDef node;
    private final StatementContext ctx;
    private final RowCodec codec;
    private final int[] byteaColumns;
    private final ListenableFuture<RowBatch> call;
    private List<Object[]> rows;
    private int next;
    private Object[] current;

    /** Starts the read of {@code request} on {@code node}; {@code types} are the request's output columns. */
    PointRead(NodeDef node, ScanRequest request, List<PgType> types, StatementContext ctx) {
        this.node = node;
        this.ctx = ctx;
        this.byteaColumns = RemoteStream.byteaColumns(types);
        this.codec = new RowCodec(types);
        try {
            this.call = ctx.datanodes().futureOnTransport(node).read(request); // completion only wakes the reader
        } catch (RuntimeException e) {
            throw GrpcErrors.fromStatus(e, node.name());
        }
        ctx.cancellation().onCancel(this::close); // unblocks a read waiting on a datanode (an intent's wait)
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        if (rows == null) {
            rows = RemoteStream.decode(codec, byteaColumns, await());
        }
        if (next < rows.size()) {
            current = rows.get(next++);
            return true;
        }
        return false;
    }

    @Override
    public boolean whenAnswered(Runnable callback) {
        if (rows != null || call.isDone()) {
            return false;
        }
        call.addListener(callback, MoreExecutors.directExecutor());
        return true;
    }

    @Override
    public boolean answered() {
        if (rows != null) {
            return true;
        }
        if (!call.isDone() || call.isCancelled() || ctx.cancellation().isCancelled()) {
            return false;
        }
        try {
            Futures.getDone(call);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    private RowBatch await() {
        return await(call, ctx, node.name(), this::close);
    }

    /**
     * The answer of a unary {@code Read} on datanode {@code nodeName}, waited for.
     *
     * @param close cancels the statement's calls (run when the wait is interrupted)
     * @throws TesseraException the datanode's error as sent, 08006 for a connection failure, 57014 when the
     *     statement was cancelled or its worker interrupted
     */
    static RowBatch await(ListenableFuture<RowBatch> call, StatementContext ctx, String nodeName, Runnable close) {
        ctx.checkCancelled();
        try {
            return call.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close.run();
            throw ctx.cancellation().isCancelled() ? ctx.cancellation().error()
                    : new TesseraException(SqlState.QUERY_CANCELED,
                            "canceling statement: the coordinator's worker was interrupted");
        } catch (CancellationException e) {
            ctx.checkCancelled();
            throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement: the read was cancelled");
        } catch (ExecutionException e) {
            if (ctx.cancellation().isCancelled()) {
                throw ctx.cancellation().error();
            }
            throw e.getCause() instanceof TesseraException te ? te : GrpcErrors.fromStatus(e.getCause(), nodeName);
        }
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a point read cannot be rewound");
    }

    /** Cancels the call if it still runs; safe from any thread and idempotent. */
    @Override
    public void close() {
        call.cancel(true);
    }
}
