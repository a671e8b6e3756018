package io.tessera.coordinator.gc;

import io.tessera.coordinator.txn.Transaction;
import io.tessera.protocol.datanode.Isolation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The snapshots this coordinator's sessions hold, so that its GC report is a lower bound for every one of them
 * (DESIGN.md "Transactions", GC). Each session has a {@link Holder} with two values, both GTM timestamps in
 * microseconds ({@link Long#MAX_VALUE}: none):
 * <ul>
 *   <li>{@code transaction}: the snapshot of an open REPEATABLE READ transaction (its start timestamp), held from
 *       its first statement until it ends;</li>
 *   <li>{@code statement}: for a running statement, a lower bound of the snapshot it takes or will take — the
 *       {@linkplain #floor() floor} when it started, since its snapshot is taken from the GTM later.</li>
 * </ul>
 *
 * <p>Why the floor, not the statement's own timestamp: a snapshot is registered after the GTM returns it, so a
 * report computed in between (a fresh GTM timestamp F above it, and no holder yet) would exceed it. Registering
 * the floor first closes that window: the floor is a GTM timestamp this coordinator already received, and the GTM
 * hands out increasing timestamps, so every timestamp requested later is above it. The floor moves forward with
 * each report, so a statement holds back GC by at most one report interval more than its real snapshot would.
 *
 * <p>A holder's values are written by its session thread and read by the reporter: volatile, no locks. A session
 * with two open portals keeps one {@code statement} value; the first to end clears it (a later scan of the other
 * may then meet 72000 once GC has passed it — never wrong data, the datanodes check every snapshot).
 */
public final class SnapshotRegistry {
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();
    private final AtomicLong floor = new AtomicLong();

    /** A session's held snapshots. */
    public final class Holder implements AutoCloseable {
        private volatile long statement = Long.MAX_VALUE;
        private volatile long transaction = Long.MAX_VALUE;

        private Holder() {
        }

        /** A statement (or a transaction's first GTM call) is about to take a snapshot. */
        public void statementStarting() {
            if (statement == Long.MAX_VALUE) {
                statement = floor.get();
            }
        }

        /** The session's transaction is now {@code txn} (null: none): a REPEATABLE READ one holds its snapshot. */
        public void transaction(Transaction txn) {
            transaction = txn != null && txn.isolation() == Isolation.REPEATABLE_READ ? txn.startTs() : Long.MAX_VALUE;
        }

        /** The statement ended; the session's transaction is now {@code txn} (null: none). */
        public void statementEnded(Transaction txn) {
            transaction(txn);
            statement = Long.MAX_VALUE;
        }

        long oldest() {
            return Math.min(statement, transaction);
        }

        /** The session closed. */
        @Override
        public void close() {
            holders.remove(this);
        }
    }

    /** Registers a new session's holder. */
    public Holder register() {
        Holder h = new Holder();
        holders.add(h);
        return h;
    }

    /** A GTM timestamp this coordinator has received: every timestamp it asks for later is greater. */
    public long floor() {
        return floor.get();
    }

    /** Records that the GTM returned {@code ts} (raises the floor). */
    public void observed(long ts) {
        floor.accumulateAndGet(ts, Math::max);
    }

    /**
     * This coordinator's report: the oldest snapshot its sessions hold, and {@code fresh} (a GTM timestamp just
     * received) when that is older — except snapshots more than {@code thresholdMicros} older than {@code fresh}
     * (PostgreSQL's old_snapshot_threshold; negative: no threshold), which no longer hold GC back.
     */
    public long oldest(long fresh, long thresholdMicros) {
        long min = fresh;
        for (Holder h : holders) {
            long v = h.oldest();
            if (v < min && (thresholdMicros < 0 || fresh - v <= thresholdMicros)) {
                min = v;
            }
        }
        return min;
    }

    /** Sessions registered. */
    public int sessions() {
        return holders.size();
    }
}
