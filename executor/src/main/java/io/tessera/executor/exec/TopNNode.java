package io.tessera.executor.exec;

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
 * <p>Rows that tie with the worst kept row on every key are not kept once the heap is full, so which of several
 * tied rows survive is unspecified, as in PostgreSQL.
 */
public final class TopNNode {
    private final RowComparator order;
    private final int limit;
    private final PriorityQueue<Object[]> heap;

    /**
     * @param keys the ORDER BY keys over the input row
     * @param limit how many rows to keep (LIMIT plus OFFSET), at least 0
     */
    public TopNNode(List<SortKey> keys, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        this.order = new RowComparator(keys);
        this.limit = limit;
        this.heap = new PriorityQueue<>(Math.max(1, Math.min(limit, 1024)), order.reversed());
    }

    /** Offers one row; {@code row} is copied if kept, so the caller may reuse its array. */
    public void add(Object[] row) {
        if (heap.size() < limit) {
            heap.add(row.clone());
        } else if (limit > 0 && order.compare(row, heap.peek()) < 0) {
            heap.poll();
            heap.add(row.clone());
        }
    }

    /** The kept rows in order (at most {@code limit}); ends this node. */
    public List<Object[]> finish() {
        List<Object[]> out = new ArrayList<>(heap);
        heap.clear();
        out.sort(order);
        return Collections.unmodifiableList(out);
    }
}
