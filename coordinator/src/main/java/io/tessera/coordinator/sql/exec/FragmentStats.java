package io.tessera.coordinator.sql.exec;

import io.tessera.protocol.datanode.OperatorStats;
import io.tessera.protocol.datanode.PlanFragment;
import io.tessera.protocol.datanode.RowBatch;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What EXPLAIN ANALYZE measures of the plan fragments a statement runs on the datanodes, per fragment (by its
 * shape, {@link #key}, the same in the plan EXPLAIN prints and in the one the statement runs): the rows the
 * coordinator gathered and when they came, and each operator's counters as every datanode reported them in its
 * stream's last batch ({@code RowBatch.operator_stats}, numbered in the fragment's pre-order).
 *
 * <p>Collected while {@link #during} runs the statement on the calling thread: {@link RemoteFragments} asks the
 * datanodes to count ({@code ScanRequest.analyze}) when a collector is current, and each stream records into it from
 * gRPC's threads (the methods are thread-safe).
 */
public final class FragmentStats {
    private static final ThreadLocal<FragmentStats> CURRENT = new ThreadLocal<>();

    /** One operator on one datanode. */
    public record Operator(String node, long rows, double firstMs, double totalMs) {
    }

    /** One fragment's measurements, summed over its executions. */
    public static final class Fragment {
        private final long start;
        private long gatheredRows;
        private double firstMs = -1;
        private double lastMs;
        private int streams;
        private final Map<Integer, List<Operator>> operators = new TreeMap<>();

        Fragment(long start) {
            this.start = start;
        }

        synchronized void batch(String node, RowBatch b) {
            double now = (System.nanoTime() - start) / 1e6;
            if (b.getRowCount() > 0) {
                gatheredRows += b.getRowCount();
                if (firstMs < 0) {
                    firstMs = now;
                }
            }
            for (OperatorStats s : b.getOperatorStatsList()) {
                operators.computeIfAbsent(s.getOp(), k -> new ArrayList<>())
                        .add(new Operator(node, s.getRows(), s.getFirstMs(), s.getTotalMs()));
            }
        }

        synchronized void end() {
            lastMs = (System.nanoTime() - start) / 1e6;
            streams++;
        }

        /** Rows the coordinator received from every datanode. */
        public synchronized long gatheredRows() {
            return gatheredRows;
        }

        /** Milliseconds from the statement's start to the first row received (to the end when none came). */
        public synchronized double firstMs() {
            return firstMs < 0 ? lastMs : firstMs;
        }

        /** Milliseconds from the statement's start to the end of the last stream. */
        public synchronized double lastMs() {
            return lastMs;
        }

        /** How many datanode streams ended (one per datanode per execution). */
        public synchronized int streams() {
            return streams;
        }

        /** Operator {@code op}'s counters, one entry per datanode that reported it. */
        public synchronized List<Operator> operator(int op) {
            return List.copyOf(operators.getOrDefault(op, List.of()));
        }
    }

    private final long start = System.nanoTime();
    private final Map<String, Fragment> fragments = new ConcurrentHashMap<>();
    private final Map<PlanFragment, Fragment> byRequest = new IdentityHashMap<>();

    /** Runs {@code work} (a statement, read to its end) with this collector current on the calling thread. */
    public <T> T during(Supplier<T> work) {
        FragmentStats outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * The key a fragment's measurements are filed under: its shape — tables, columns, join types and keys, exchanges
     * — without its expressions, since the statement runs with its literals lifted into parameters (a plan EXPLAIN
     * printed with {@code id < 2000} runs as {@code id < $1}). Fragments of one shape in one statement share a key.
     */
    public static String key(io.tessera.coordinator.sql.fragment.FragmentPlan plan) {
        if (plan instanceof io.tessera.coordinator.sql.fragment.FragmentPlan.Scan s) {
            return "S(" + s.table().def().id() + java.util.Arrays.toString(s.projects()) + s.filters().size() + ")";
        }
        if (plan instanceof io.tessera.coordinator.sql.fragment.FragmentPlan.Filter f) {
            return "F(" + key(f.input()) + ")";
        }
        if (plan instanceof io.tessera.coordinator.sql.fragment.FragmentPlan.Project p) {
            return "P" + p.exprs().size() + "(" + key(p.input()) + ")";
        }
        if (plan instanceof io.tessera.coordinator.sql.fragment.FragmentPlan.Exchange x) {
            return "X" + x.mode() + x.key() + "(" + key(x.input()) + ")";
        }
        if (plan instanceof io.tessera.coordinator.sql.fragment.FragmentPlan.Window w) {
            return "W" + w.calls().size() + "(" + key(w.input()) + ")";
        }
        var j = (io.tessera.coordinator.sql.fragment.FragmentPlan.Join) plan;
        return "J" + j.type() + java.util.Arrays.toString(j.leftKeys()) + java.util.Arrays.toString(j.rightKeys())
                + "(" + key(j.left()) + "," + key(j.right()) + ")";
    }

    /** The collector of the statement running on this thread, or null outside EXPLAIN ANALYZE. */
    static FragmentStats current() {
        return CURRENT.get();
    }

    /** The measurements of the fragment with {@code key} ({@link #key}), or null when it did not run. */
    public Fragment fragment(String key) {
        return fragments.get(key);
    }

    /** Records that {@code request} (one datanode's copy) runs the fragment with {@code key}. */
    synchronized void register(PlanFragment request, String key) {
        byRequest.put(request, fragments.computeIfAbsent(key, d -> new Fragment(start)));
    }

    /** Where a stream carrying {@code request} records, or null when it was not registered. */
    synchronized Fragment of(PlanFragment request) {
        return byRequest.get(request);
    }
}
