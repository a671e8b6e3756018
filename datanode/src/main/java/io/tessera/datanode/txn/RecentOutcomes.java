package io.tessera.datanode.txn;

import io.tessera.datanode.txn.Transaction.Outcome;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * The outcomes of the transactions that finished here lately, oldest first: for idempotent repeats of
 * CommitPrepared/Rollback/CommitOnePhase and for scans whose RocksDB snapshot still holds an intent of a
 * transaction that has since finished.
 *
 * <p>A one-phase commit records its outcome nowhere else (the GTM only hands it a timestamp), so an entry must
 * outlive every storage snapshot that may still show the transaction's intent. Past {@code keep} entries the
 * oldest is dropped only when it finished at least a second before the oldest open snapshot of the storage was
 * taken ({@code oldestSnapshotSeconds}, RocksDB's {@code rocksdb.oldest-snapshot-time}: Unix seconds, 0 when
 * none is open), so a long scan holds the entries it may need; past {@code hardCap} the oldest goes regardless
 * (a scan that then meets its intent fails with 40001, see {@code IntentVisibility#markedPrepared}). Thread-safe.
 */
final class RecentOutcomes {
    private record Entry(Outcome outcome, long finishedSeconds) {
    }

    private final int keep;
    private final int hardCap;
    private final LongSupplier oldestSnapshotSeconds;
    private final LongSupplier nowSeconds;
    private final LinkedHashMap<Long, Entry> map = new LinkedHashMap<>(1024);

    /**
     * @param keep entries kept in any case
     * @param hardCap entries past which the oldest are dropped even if a snapshot may need them
     * @param oldestSnapshotSeconds when the oldest open storage snapshot was taken, Unix seconds (0: none open)
     * @param nowSeconds the clock {@code oldestSnapshotSeconds} is read against, Unix seconds
     */
    RecentOutcomes(int keep, int hardCap, LongSupplier oldestSnapshotSeconds, LongSupplier nowSeconds) {
        if (keep < 0 || hardCap < keep) {
            throw new IllegalArgumentException("need 0 <= keep <= hardCap, got " + keep + ", " + hardCap);
        }
        this.keep = keep;
        this.hardCap = hardCap;
        this.oldestSnapshotSeconds = oldestSnapshotSeconds;
        this.nowSeconds = nowSeconds;
    }

    /** The outcome of {@code gxid}, or null when it is not (or no longer) here. */
    synchronized Outcome get(long gxid) {
        Entry e = map.get(gxid);
        return e == null ? null : e.outcome;
    }

    /** Records the outcome of {@code gxid}, finished now, and drops the entries no snapshot can need any more. */
    synchronized void put(long gxid, Outcome outcome) {
        map.put(gxid, new Entry(outcome, nowSeconds.getAsLong()));
        if (map.size() <= keep) {
            return;
        }
        long oldest = oldestSnapshotSeconds.getAsLong();
        Iterator<Entry> it = map.values().iterator();
        while (map.size() > keep && it.hasNext()) {
            Entry e = it.next();
            if (map.size() <= hardCap && oldest != 0 && e.finishedSeconds >= oldest - 1) {
                return; // a snapshot taken before (or in the second after) it finished may still show its intent
            }
            it.remove();
        }
    }

    /** Entries held now. */
    synchronized int size() {
        return map.size();
    }
}
