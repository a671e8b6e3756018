package io.tessera.datanode.gc;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import io.tessera.datanode.storage.DatanodeStorage;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A datanode's MVCC garbage collector: the GC horizon, the reads in progress that hold it back, the background
 * purge and VACUUM's synchronous one (DESIGN.md "Transactions", GC).
 *
 * <h2>Horizon</h2>
 * The horizon is the highest safe point this datanode has purged at. A read (Scan, Modify) whose snapshot is below
 * it fails with 72000 "snapshot too old": some version it would need may be gone. A read at or above it sees exactly
 * what it would have seen without GC, because a purge at {@code S} keeps, per key, every version newer than
 * {@code S} and the newest one at or below {@code S}. The horizon is stored (synced) before a purge deletes
 * anything and loaded at start, so a restart never lets an old snapshot read a purged key.
 *
 * <h2>Reads in progress</h2>
 * Each read registers its snapshot for as long as it runs ({@link #enter}). Registering and checking the horizon
 * happen under the same lock as a purge's choice of its level, and a purge never goes above the lowest registered
 * snapshot: so a read that passed the check never loses a version it needs, however long it runs. (Its RocksDB
 * snapshot would protect a scan once open, but Modify also reads the live state of each key.) Such a purge stops
 * at that snapshot; the next one continues.
 *
 * <h2>Threads</h2>
 * The coordinators' elected GC leader sends the cluster's safe point about once a second ({@link #offerSafePoint});
 * a daemon thread ({@code gc-purge}) purges up to it when autovacuum is on, at most once per naptime. VACUUM
 * ({@link #vacuum}) purges on the caller's thread. One purge runs at a time. {@link #close()} stops the thread and
 * waits for a purge in progress to stop (a purge polls a stop flag as it scans).
 */
public final class GarbageCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final DatanodeStorage storage;
    private final boolean autovacuum;
    private final long naptimeMs;
    private final String nodeName;
    /** Snapshots of reads in progress → how many reads hold each; guarded by itself, as is {@link #horizon}. */
    private final TreeMap<Long, Integer> readers = new TreeMap<>();
    private long horizon;
    /** The highest safe point received. */
    private final AtomicLong safePoint = new AtomicLong();
    private final ReentrantLock purging = new ReentrantLock();
    private final AtomicLong purges = new AtomicLong();
    private final AtomicLong walks = new AtomicLong();
    private final AtomicLong versionsPurged = new AtomicLong();
    private final Object wakeup = new Object();
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param autovacuum whether the background thread purges (VACUUM always can)
     * @param naptimeMs the least time between two background purges, in milliseconds
     */
    public GarbageCollector(DatanodeStorage storage, String nodeName, boolean autovacuum, long naptimeMs) {
        this.storage = storage;
        this.nodeName = nodeName;
        this.autovacuum = autovacuum;
        this.naptimeMs = Math.max(0, naptimeMs);
        this.horizon = storage.storedGcHorizon();
        this.safePoint.set(horizon);
    }

    /**
     * Makes the background purge walk the data only once {@code threshold + scaleFactor × keys} writes (storage
     * sequence numbers) were made since its last walk, keys being what that walk visited; until then a background
     * purge only moves the horizon, keeping the old versions a walk would have deleted (PostgreSQL's
     * {@code autovacuum_vacuum_threshold} and {@code autovacuum_vacuum_scale_factor}). Without it (0 and 0) every
     * background purge after a write walks all of the datanode's data: under pgbench's TPC-B, half of a
     * datanode's CPU, once every naptime. VACUUM always walks. Returns this; call before {@link #start}.
     */
    public GarbageCollector withWalkThreshold(long threshold, double scaleFactor) {
        this.walkThreshold = Math.max(0, threshold);
        this.walkScaleFactor = Math.max(0, scaleFactor);
        return this;
    }

    /** Starts the background purge thread (a no-op when autovacuum is off). */
    public synchronized void start() {
        if (!autovacuum || thread != null) {
            return;
        }
        thread = new Thread(this::run, "gc-purge");
        thread.setDaemon(true);
        thread.start();
    }

    /** A read in progress; closing it (idempotent) lets purges pass its snapshot. */
    public final class Reader implements AutoCloseable {
        private final long snapshotTs;
        private boolean open = true;

        private Reader(long snapshotTs) {
            this.snapshotTs = snapshotTs;
        }

        /** The snapshot this read is registered at. */
        public long snapshotTs() {
            return snapshotTs;
        }

        @Override
        public void close() {
            synchronized (readers) {
                if (!open) {
                    return;
                }
                open = false;
                readers.computeIfPresent(snapshotTs, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /**
     * Registers a read at {@code snapshotTs} (a GTM timestamp, microseconds) until the returned reader is closed.
     * A snapshot of 0 or less (none) is not checked.
     *
     * @throws TesseraException 72000 "snapshot too old" when {@code snapshotTs} is below the horizon
     */
    public Reader enter(long snapshotTs) {
        Reader r = new Reader(snapshotTs);
        if (snapshotTs <= 0) {
            r.open = false;
            return r;
        }
        synchronized (readers) {
            if (snapshotTs < horizon) {
                throw tooOld(snapshotTs, horizon);
            }
            readers.merge(snapshotTs, 1, Integer::sum);
        }
        return r;
    }

    /**
     * Registers a read at {@code newest} or, when that is below the horizon, at the horizon: a snapshot the datanode
     * chooses itself ({@code ScanRequest.datanode_snapshot}). Reading at the horizon instead is the same: no
     * version here is newer than {@code newest}, and a commit not yet applied here is waited for or later.
     *
     * @param newest a timestamp above 0 (microseconds)
     */
    public Reader enterAtLeast(long newest) {
        synchronized (readers) {
            Reader r = new Reader(Math.max(newest, horizon));
            readers.merge(r.snapshotTs, 1, Integer::sum);
            return r;
        }
    }

    private TesseraException tooOld(long snapshotTs, long h) {
        return new TesseraException(SqlState.SNAPSHOT_TOO_OLD, "snapshot too old",
                "The snapshot (timestamp " + snapshotTs + ") is older than the GC horizon of datanode " + nodeName
                        + " (" + h + "): versions it could read have been removed.",
                "Retry the transaction; a snapshot held longer than old_snapshot_threshold can be overtaken by"
                        + " garbage collection.", 0, null);
    }

    /** The GC horizon: reads with an older snapshot fail with 72000. */
    public long horizon() {
        synchronized (readers) {
            return horizon;
        }
    }

    /** The highest safe point received so far. */
    public long safePoint() {
        return safePoint.get();
    }

    /** Whether the background purge is on. */
    public boolean autovacuum() {
        return autovacuum;
    }

    /** Purges done (background and VACUUM). */
    public long purges() {
        return purges.get();
    }

    /** Purges that walked the data (the others only moved the horizon: {@link #settledSequence}). */
    public long walks() {
        return walks.get();
    }

    /** Versions deleted by all purges since start. */
    public long versionsPurged() {
        return versionsPurged.get();
    }

    /**
     * Records the cluster's safe point (a GTM timestamp, microseconds; a lower one than before is ignored) and wakes
     * the background purge.
     *
     * @return the current horizon
     */
    public long offerSafePoint(long sp) {
        if (safePoint.accumulateAndGet(sp, Math::max) == sp) {
            synchronized (wakeup) {
                wakeup.notifyAll();
            }
        }
        return horizon();
    }

    /** What a purge did. */
    public record Outcome(long horizon, long keysScanned, long versionsPurged) {
    }

    /**
     * VACUUM: purges now, on the caller's thread, up to {@code sp} (and records it as a safe point) — in the given
     * tables, or all data when {@code tableIds} is empty — then compacts the purged ranges. Waits for a background
     * purge in progress to end first.
     *
     * @throws TesseraException 57P01 when the datanode is shutting down, 58030 when storage fails
     */
    public Outcome vacuum(long sp, int[] tableIds) {
        safePoint.accumulateAndGet(sp, Math::max);
        return purge(sp, tableIds, false);
    }

    /**
     * The storage's {@link DatanodeStorage#writeSequence} just after a complete background purge that left no
     * version newer than its level and whose own deletes were the only writes while it ran; -1 when there is none
     * (or something was written since). While the sequence stays there, every key still has just its newest version,
     * none above the last level, so a purge at a higher level would walk all the data to delete nothing: the
     * background purge then only moves the horizon. (A read-only workload after a bulk load made each datanode walk
     * its whole table every naptime: 40% of its CPU under {@code pgbench -S}.) Touched under {@link #purging}.
     */
    private long settledSequence = -1;
    /** {@link #withWalkThreshold}'s settings. */
    private long walkThreshold;
    private double walkScaleFactor;
    /**
     * The storage's write sequence after the last walk (its own deletes included), or -1 before the first; and the
     * keys that walk visited. Touched under {@link #purging}.
     */
    private long walkedSequence = -1;
    private long walkedKeys;

    /** @param background a purge of the background thread, which may skip the walk ({@link #settledSequence}) */
    private Outcome purge(long sp, int[] tableIds, boolean background) {
        purging.lock();
        try {
            if (closed) {
                throw new TesseraException(SqlState.ADMIN_SHUTDOWN, "datanode " + nodeName + " is shutting down");
            }
            long level;
            synchronized (readers) {
                long lowest = readers.isEmpty() ? Long.MAX_VALUE : readers.firstKey();
                // purging at the current horizon is always safe: every registered read is at or above it
                level = Math.max(horizon, Math.min(sp, lowest));
                horizon = level;
            }
            if (background && settledSequence >= 0 && storage.writeSequence() == settledSequence) {
                storage.storeGcHorizon(level); // one key: the sequence moves by one unless something else wrote
                settledSequence = storage.writeSequence() == settledSequence + 1 ? settledSequence + 1 : -1;
                purges.incrementAndGet();
                return new Outcome(level, 0, 0);
            }
            if (background && walkedSequence >= 0 && storage.writeSequence() - walkedSequence
                    < walkThreshold + (long) (walkScaleFactor * walkedKeys)) {
                long before = storage.writeSequence();
                storage.storeGcHorizon(level);
                if (storage.writeSequence() == before + 1) {
                    walkedSequence++; // the horizon's own key is not a write to purge
                }
                purges.incrementAndGet();
                return new Outcome(level, 0, 0);
            }
            storage.storeGcHorizon(level); // before anything is deleted
            long t0 = System.nanoTime();
            long sequence = storage.writeSequence();
            DatanodeStorage.PurgeResult r = storage.purgeVersions(level, tableIds, () -> closed);
            // settled only if the purge's deletes were the only writes since the walk began
            settledSequence = r.settled() && storage.writeSequence() == sequence + r.versionsPurged()
                    ? sequence + r.versionsPurged() : -1;
            walkedSequence = storage.writeSequence();
            walkedKeys = r.keysScanned();
            versionsPurged.addAndGet(r.versionsPurged());
            walks.incrementAndGet();
            purges.incrementAndGet(); // after the count: whoever sees the purge sees what it did
            LOG.info("purged {} old versions of {} keys below safe point {} in {} ms", r.versionsPurged(),
                    r.keysScanned(), level, (System.nanoTime() - t0) / 1_000_000);
            return new Outcome(level, r.keysScanned(), r.versionsPurged());
        } finally {
            purging.unlock();
        }
    }

    private void run() {
        while (!closed) {
            try {
                if (safePoint.get() > horizon()) {
                    purge(safePoint.get(), new int[0], true);
                    nap(Math.max(naptimeMs, 1)); // the rate limit
                } else {
                    synchronized (wakeup) {
                        if (safePoint.get() <= horizon() && !closed) {
                            wakeup.wait(1000);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("background purge failed: {}", e.toString());
                try {
                    nap(Math.max(naptimeMs, 1000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits {@code ms} milliseconds or until closed. */
    private void nap(long ms) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000L;
        synchronized (wakeup) {
            for (long left = ms; left > 0 && !closed; left = (until - System.nanoTime()) / 1_000_000L) {
                wakeup.wait(left);
            }
        }
    }

    /** Stops the background thread and waits for a purge in progress to stop. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        purging.lock(); // a VACUUM in progress on an RPC thread stops at its next stop-flag poll
        purging.unlock();
    }
}
