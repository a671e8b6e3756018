package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.SpillContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the first {@code limit} rows of its input in an ORDER BY's order ({@link RowComparator}): a bounded
 * max-heap of the best rows so far, whose top (the worst kept row) a new row replaces when it sorts before it.
 * Memory is {@code limit} rows; time O(n log limit). PostgreSQL's executor does the same for a Sort under a Limit
 * ({@code tuplesort_set_bound}, "top-N heapsort" in EXPLAIN ANALYZE).
 *
 * <p>Built with a {@link SpillContext}, a node whose kept rows pass {@code work_mem} (a large LIMIT) turns into an
 * {@link ExternalSorter} of every row from then on and returns its first {@code limit} rows, as PostgreSQL's
 * tuplesort only stays bounded while the bound fits in memory.
 *
 * <p>Rows that tie with the worst kept row on every key are not kept once the heap is full, so which of several
 * tied rows survive is unspecified, as in PostgreSQL.
 */
public final class TopNNode implements AutoCloseable {
    private final RowComparator order;
    private final List<SortKey> keys;
    private final int limit;
    private final PriorityQueue<Object[]> heap;
    private final List<PgType> types;
    private final SpillContext spill;
    private long heapBytes;
    private ExternalSorter sorter;
    private List<Object[]> sorted;
    private int pos;

    /**
     * A node that keeps its rows in memory.
     *
     * @param keys the ORDER BY keys over the input row
     * @param limit how many rows to keep (LIMIT plus OFFSET), at least 0
     */
    public TopNNode(List<SortKey> keys, int limit) {
        this(keys, limit, null, null);
    }

    /**
     * A node that sorts externally once its rows pass work_mem.
     *
     * @param types the input rows' types (to spill them)
     * @param spill work_mem and the temporary directory; null keeps the rows in memory
     */
    public TopNNode(List<SortKey> keys, int limit, List<PgType> types, SpillContext spill) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        this.keys = List.copyOf(keys);
        this.order = new RowComparator(keys);
        this.limit = limit;
        this.heap = new PriorityQueue<>(Math.max(1, Math.min(limit, 1024)), order.reversed());
        this.types = types;
        this.spill = types == null ? null : spill;
    }

    /** Offers one row; {@code row} is copied if kept, so the caller may reuse its array. */
    public void add(Object[] row) {
        if (sorter != null) {
            sorter.add(row);
            return;
        }
        if (heap.size() < limit) {
            heap.add(row.clone());
            account(row, 1);
        } else if (limit > 0 && order.compare(row, heap.peek()) < 0) {
            account(heap.poll(), -1);
            heap.add(row.clone());
            account(row, 1);
        }
        if (spill != null && heapBytes > spill.workMemBytes()) {
            sorter = new ExternalSorter(keys, types, spill);
            for (Object[] r : heap) {
                sorter.add(r);
            }
            heap.clear();
        }
    }

    private void account(Object[] row, int sign) {
        if (spill != null) {
            heapBytes += sign * (RowSize.of(row) + 8);
        }
    }

    /** Whether the node turned into an external sort. */
    public boolean spilled() {
        return sorter != null;
    }

    /** The next kept row in order, or null after the {@code limit}-th; the first call ends adding. */
    public Object[] next() {
        if (pos >= limit) {
            return null;
        }
        if (sorter != null) {
            Object[] r = sorter.next();
            pos++;
            return r;
        }
        if (sorted == null) {
            sorted = new ArrayList<>(heap);
            heap.clear();
            sorted.sort(order);
        }
        return pos < sorted.size() ? sorted.get(pos++) : null;
    }

    /** The kept rows in order (at most {@code limit}); ends this node. */
    public List<Object[]> finish() {
        List<Object[]> out = new ArrayList<>();
        try {
            for (Object[] r = next(); r != null; r = next()) {
                out.add(r);
            }
        } finally {
            close();
        }
        return Collections.unmodifiableList(out);
    }

    /** Deletes what an external sort wrote; safe to call more than once. */
    @Override
    public void close() {
        heap.clear();
        if (sorter != null) {
            sorter.close();
        }
    }
}
