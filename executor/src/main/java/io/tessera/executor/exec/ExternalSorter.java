package io.tessera.executor.exec;

import io.tessera.common.types.PgType;
import io.tessera.executor.spill.RowSize;
import io.tessera.executor.spill.SpillContext;
import io.tessera.executor.spill.Tuplestore;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts rows in {@link RowComparator}'s order within {@code work_mem}: an external merge sort, the textbook shape
 * of PostgreSQL's {@code tuplesort.c} (Knuth vol. 3, 5.4) without its replacement selection and polyphase tapes.
 * <pre>
 *   add()*     rows collect in memory; once their estimated size ({@link RowSize}) passes work_mem they are
 *              sorted and written out as one sorted run (a {@link Tuplestore}), and memory starts empty again
 *   next()     no run written: the rows are sorted in memory ("quicksort  Memory: NkB" in PostgreSQL);
 *              else the last rows become a run too, runs are merged {@value #MAX_FAN_IN} at a time into longer
 *              runs until at most that many are left, and the final k-way merge (a heap of each run's head row)
 *              yields the rows ("external merge  Disk: NkB")
 * </pre>
 * Rows that compare equal come out in no particular order, as from PostgreSQL's sort. {@link #close} deletes every
 * run, also before the end. Not thread-safe.
 */
public final class ExternalSorter implements AutoCloseable {
    /** Runs merged at once: each open run holds an 8kB read buffer, so a merge holds at most 256kB of buffers. */
    static final int MAX_FAN_IN = 32;

    private final RowComparator order;
    private final List<PgType> types;
    private final SpillContext spill;
    private final List<Object[]> memory = new ArrayList<>();
    private long memoryBytes;
    private final List<Tuplestore> runs = new ArrayList<>();
    private boolean sorting;
    private int memoryPos;
    private PriorityQueue<Head> merge;
    private long spilledBytes;

    /**
     * @param types the rows' column types (to write runs)
     * @param spill work_mem and the temporary directory; null keeps every row in memory
     */
    public ExternalSorter(List<SortKey> keys, List<PgType> types, SpillContext spill) {
        this.order = new RowComparator(keys);
        this.types = List.copyOf(types);
        this.spill = spill;
    }

    /** Adds a row; the row is copied, so the caller may reuse the array. */
    public void add(Object[] row) {
        if (sorting) {
            throw new IllegalStateException("rows added after the sort began");
        }
        memory.add(row.clone());
        if (spill != null) {
            memoryBytes += RowSize.of(row) + 8;
            if (memoryBytes > spill.workMemBytes()) {
                runs.add(writeRun(memory));
                memory.clear();
                memoryBytes = 0;
            }
        }
    }

    private Tuplestore writeRun(List<Object[]> rows) {
        rows.sort(order);
        Tuplestore run = new Tuplestore(spill, types);
        try {
            for (Object[] r : rows) {
                run.add(r);
            }
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        spilledBytes += run.bytes();
        return run;
    }

    /** Whether any run went to disk. */
    public boolean spilled() {
        return !runs.isEmpty();
    }

    /** Bytes written to temporary files, counting each merge pass (PostgreSQL's "Disk:" counts the final runs). */
    public long spilledBytes() {
        return spilledBytes;
    }

    /** The next row in order, or null at the end; the first call ends adding. */
    public Object[] next() {
        if (!sorting) {
            sorting = true;
            if (runs.isEmpty()) {
                memory.sort(order);
            } else {
                if (!memory.isEmpty()) {
                    runs.add(writeRun(memory));
                    memory.clear();
                }
                while (runs.size() > MAX_FAN_IN) {
                    mergePass();
                }
                merge = open(runs);
            }
        }
        if (merge == null) {
            if (memoryPos < memory.size()) {
                Object[] r = memory.get(memoryPos);
                memory.set(memoryPos++, null);
                return r;
            }
            return null;
        }
        return pop(merge);
    }

    /** Merges the first MAX_FAN_IN runs into one run at the end of the list. */
    private void mergePass() {
        List<Tuplestore> group = new ArrayList<>(runs.subList(0, MAX_FAN_IN));
        Tuplestore merged = new Tuplestore(spill, types);
        runs.add(merged); // closed with the others if this pass fails
        PriorityQueue<Head> heap = open(group);
        for (Object[] r = pop(heap); r != null; r = pop(heap)) {
            merged.add(r);
        }
        spilledBytes += merged.bytes();
        for (Tuplestore t : group) {
            t.close();
        }
        runs.subList(0, MAX_FAN_IN).clear();
    }

    /** A run's current row; ties go to the earlier run. */
    private record Head(Object[] row, int run, Tuplestore store) {
    }

    private PriorityQueue<Head> open(List<Tuplestore> stores) {
        PriorityQueue<Head> heap = new PriorityQueue<>(Math.max(1, stores.size()), (a, b) -> {
            int c = order.compare(a.row, b.row);
            return c != 0 ? c : Integer.compare(a.run, b.run);
        });
        for (int i = 0; i < stores.size(); i++) {
            Object[] r = stores.get(i).next();
            if (r != null) {
                heap.add(new Head(r, i, stores.get(i)));
            }
        }
        return heap;
    }

    private static Object[] pop(PriorityQueue<Head> heap) {
        Head h = heap.poll();
        if (h == null) {
            return null;
        }
        Object[] n = h.store.next();
        if (n != null) {
            heap.add(new Head(n, h.run, h.store));
        }
        return h.row;
    }

    /** Deletes every run; safe to call more than once. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Tuplestore t : runs) {
            try {
                t.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        runs.clear();
        memory.clear();
        if (first != null) {
            throw first;
        }
    }
}
