package io.tessera.datanode.fragment;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.executor.exec.SortKey;
import io.tessera.executor.exec.TopNNode;
import io.tessera.protocol.datanode.TopN;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The datanode's half of an {@code ORDER BY ... LIMIT}: a {@link TopNNode} over the scan's output rows, built from
 * a {@code ScanRequest.top_n} with sort keys ({@code datanode.proto}). The coordinator merges the datanodes' sorted
 * rows and applies OFFSET and LIMIT; each datanode returns at most LIMIT + OFFSET rows.
 */
public final class ScanTopN implements AutoCloseable {
    /** The largest limit a datanode accepts for a top-N (its heap holds that many rows). */
    public static final long MAX_LIMIT = 1_000_000;

    private final TopNNode node;
    private Iterator<Object[]> results;

    /**
     * @param spec the request's top-N, with at least one key
     * @param columns how many columns the scan's output row has
     * @param types the scan's output row types (to spill rows)
     * @param spill the request's work_mem and this datanode's temporary directory
     * @throws TesseraException XX000 for a malformed spec (a key outside the row, a negative or too large limit)
     */
    public ScanTopN(TopN spec, int columns, List<io.tessera.common.types.PgType> types,
            io.tessera.executor.spill.SpillContext spill) {
        if (spec.getLimit() < 0 || spec.getLimit() > MAX_LIMIT) {
            throw new TesseraException(SqlState.INTERNAL_ERROR, "top-N limit " + spec.getLimit()
                    + " is outside [0, " + MAX_LIMIT + "]");
        }
        List<SortKey> keys = new ArrayList<>();
        for (io.tessera.protocol.datanode.SortKey k : spec.getKeysList()) {
            if (k.getColumn() < 0 || k.getColumn() >= columns) {
                throw new TesseraException(SqlState.INTERNAL_ERROR,
                        "sort column " + k.getColumn() + " is outside the scan's " + columns + " output columns");
            }
            keys.add(new SortKey(k.getColumn(), k.getDescending(), k.getNullsFirst()));
        }
        this.node = new TopNNode(keys, (int) spec.getLimit(), types, spill);
    }

    /** Offers one scan output row (copied if kept). */
    public void add(Object[] row) {
        node.add(row);
    }

    /** The kept rows in order, once every input row has been added; the same iterator on every call. */
    public Iterator<Object[]> results() {
        if (results == null) {
            results = new Iterator<>() {
                private Object[] ahead = node.next();

                @Override
                public boolean hasNext() {
                    return ahead != null;
                }

                @Override
                public Object[] next() {
                    Object[] r = ahead;
                    if (r == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    ahead = node.next();
                    return r;
                }
            };
        }
        return results;
    }

    /** Deletes what an external sort spilled; the scan calls it when it ends, fails or is cancelled. */
    @Override
    public void close() {
        node.close();
    }
}
