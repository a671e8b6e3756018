package io.tessera.datanode.fragment;

import io.tessera.common.codec.StoredRowCodec;
import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.common.types.PgType;
import io.tessera.datanode.catalog.TableSchema;
import io.tessera.datanode.storage.ScanCursor;
import io.tessera.executor.exec.RowSource;
import io.tessera.executor.expr.CompiledExpr;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A fragment's leaf ({@code FragmentScan}): the rows an MVCC {@link ScanCursor} finds visible in some local shards
 * of one table, decoded, filtered and projected exactly as a plain Scan does them (projection index -1 is the
 * system column xc_node_id). Checks every 4,096 rows whether the call was cancelled, and fails with 57014 if so,
 * which unwinds a hash join's build.
 */
final class LocalScan implements RowSource {
    /** Projection pseudo-index of xc_node_id (as {@code DatanodeService.XC_NODE_ID}). */
    static final int XC_NODE_ID = -1;

    private final ScanCursor cursor;
    private final StoredRowCodec codec;
    private final CompiledExpr filter;
    private final int[] projection;
    private final List<PgType> types;
    private final int nodeId;
    private final Object[] row;
    private final Object[] out;
    private final CompletableFuture<Void> cancelled;
    private long read;
    private boolean closed;

    /**
     * @param cursor the open cursor (owned from now on: {@link #close} closes it)
     * @param projection output columns as indexes into the table's columns, -1 for xc_node_id; empty for all
     * @param filter over the table's columns, or null
     * @throws TesseraException XX000 for a projection index outside the table, 42804 for a non-boolean filter
     */
    LocalScan(ScanCursor cursor, TableSchema schema, List<Integer> projection, CompiledExpr filter, int nodeId,
            CompletableFuture<Void> cancelled) {
        this.cursor = cursor;
        this.codec = schema.codec();
        this.nodeId = nodeId;
        this.cancelled = cancelled;
        List<PgType> tableTypes = schema.types();
        if (filter != null && filter.type() != PgType.BOOL) {
            throw new TesseraException(SqlState.DATATYPE_MISMATCH,
                    "argument of WHERE must be type boolean, not type " + filter.type().sqlName());
        }
        this.filter = filter;
        int n = projection.isEmpty() ? tableTypes.size() : projection.size();
        this.projection = new int[n];
        List<PgType> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int p = projection.isEmpty() ? i : projection.get(i);
            if (p != XC_NODE_ID && (p < 0 || p >= tableTypes.size())) {
                throw new TesseraException(SqlState.INTERNAL_ERROR,
                        "projection index " + p + " is outside the table's " + tableTypes.size() + " columns");
            }
            this.projection[i] = p;
            t.add(p == XC_NODE_ID ? PgType.INT4 : tableTypes.get(p));
        }
        this.types = List.copyOf(t);
        this.row = new Object[tableTypes.size()];
        this.out = new Object[n];
    }

    @Override
    public Object[] next() {
        while (cursor.next()) {
            if ((++read & 4095) == 0 && cancelled.isDone()) {
                throw new TesseraException(SqlState.QUERY_CANCELED, "canceling statement due to user request");
            }
            cursor.decode(codec, row);
            if (filter != null && !filter.test(row)) {
                continue;
            }
            for (int i = 0; i < projection.length; i++) {
                int p = projection[i];
                out[i] = p == XC_NODE_ID ? (Object) nodeId : row[p];
            }
            return out;
        }
        return null;
    }

    @Override
    public List<PgType> types() {
        return types;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cursor.close();
        }
    }
}
