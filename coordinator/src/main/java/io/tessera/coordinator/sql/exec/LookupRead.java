package io.tessera.coordinator.sql.exec;

import com.google.common.util.concurrent.ListenableFuture;
import io.tessera.common.codec.RowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.grpc.GrpcErrors;
import io.tessera.common.types.PgType;
import io.tessera.protocol.datanode.RowBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.linq4j.Enumerator;

/**
 * A read through a secondary index as one unary {@code Read} call per datanode (datanode.proto), all started at
 * once, instead of a server-streaming Scan per datanode ({@link DistributedScan}): an index lookup returns a few rows
 * from each datanode, for which a stream's flow control, end-of-stream message and per-batch queue are only overhead
 * (issue 8: a lookup by a secondary index reaches every datanode, a lookup by primary key one).
 *
 * <p>Each Read asks for at most {@link #ROWS} rows ({@code batch_rows}); a datanode that has more answers 54000
 * instead, and that datanode's part is then read with a Scan stream of the same request, at the same snapshot (the
 * statement's GTM snapshot, or, for a single datanode choosing its own, a new choice: the Read's rows are dropped
 * unseen), so a lookup that matches many rows costs one wasted Read per datanode and is never cut short. Rows come
 * part by part in the order of {@code parts}, a part's rows in the order its datanode read them (a gather's order
 * is unspecified anyway).
 *
 * <p>Errors as a Scan's: the datanode's SQLSTATE as sent, a connection failure as 08006 naming the node; a cancelled
 * statement cancels every call and fails with its own 57014. Replicated tables (which move to another copy when a
 * node is down) keep the Scan.
 */
final class LookupRead implements Enumerator<Object[]> {
    /** The rows a datanode answers in its Read; past them, its part is read with a Scan. */
    static final int ROWS = 64;

    private final List<DistributedScan.Part> parts;
    private final List<PgType> types;
    private final StatementContext ctx;
    private final RowCodec codec;
    private final int[] byteaColumns;
    private final List<ListenableFuture<RowBatch>> calls = new ArrayList<>();
    /** The part whose rows are returned now (-1 before the first). */
    private int part = -1;
    private List<Object[]> rows = List.of();
    private int next;
    /** The Scan of the current part when its Read had more than {@link #ROWS} rows, else null. */
    private DistributedScan fallback;
    private Object[] current;

    /** Starts the reads of {@code parts} (not replicated); {@code types} are the requests' output columns. */
    LookupRead(List<DistributedScan.Part> parts, List<PgType> types, StatementContext ctx) {
        this.parts = parts;
        this.types = types;
        this.ctx = ctx;
        this.codec = new RowCodec(types);
        this.byteaColumns = RemoteStream.byteaColumns(types);
        for (DistributedScan.Part p : parts) {
            try {
                calls.add(ctx.datanodes().futureOnTransport(p.node())
                        .read(p.request().toBuilder().setBatchRows(ROWS).build()));
            } catch (RuntimeException e) {
                close();
                throw GrpcErrors.fromStatus(e, p.node().name());
            }
        }
        ctx.cancellation().onCancel(this::close);
    }

    @Override
    public Object[] current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        while (true) {
            if (fallback != null) {
                if (fallback.moveNext()) {
                    current = fallback.current();
                    return true;
                }
                fallback.close();
                fallback = null;
            }
            if (next < rows.size()) {
                current = rows.get(next++);
                return true;
            }
            if (part + 1 >= parts.size()) {
                return false;
            }
            part++;
            RowBatch b = await(part);
            rows = b == null ? List.of() : RemoteStream.decode(codec, byteaColumns, b);
            next = 0;
            if (b == null) {
                ctx.checkCancelled();
                fallback = new DistributedScan(List.of(parts.get(part)), types, ctx);
            }
        }
    }

    /** Part {@code i}'s answer, or null when it has more rows than a Read answers. */
    private RowBatch await(int i) {
        try {
            return PointRead.await(calls.get(i), ctx, parts.get(i).node().name(), this::close);
        } catch (TesseraException e) {
            if (e.sqlState() == SqlState.PROGRAM_LIMIT_EXCEEDED) {
                return null;
            }
            close();
            throw e;
        }
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("a lookup read cannot be rewound");
    }

    /** Cancels every call still running and the fallback Scan; safe from any thread and idempotent. */
    @Override
    public void close() {
        for (ListenableFuture<RowBatch> c : calls) {
            c.cancel(true);
        }
        DistributedScan f = fallback;
        if (f != null) {
            f.close();
        }
    }
}
