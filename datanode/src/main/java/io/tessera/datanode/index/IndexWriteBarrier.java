package io.tessera.datanode.index;

import io.tessera.common.error.SqlState;
import io.tessera.common.error.TesseraException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writes in progress per table and schema version, so that an index backfill can wait for every write that was
 * planned before the index became maintained.
 *
 * <p>Why: a write resolves its table's schema at the version its request carries and maintains the indexes of that
 * version. Once this datanode's copy is at version {@code v} (which maintains the new index), any request of an older
 * version is refused (40T01) — but one that passed the check just before may still be writing. The backfill first
 * waits for those ({@link #awaitOlderDone}); every write not in its snapshot then maintains the index itself. A write
 * {@link #enter enters} before its version is checked, so none slips between the check and the wait. New writes are
 * never blocked.
 */
public final class IndexWriteBarrier {
    /** A write in progress; close it when the write is done. */
    public interface Pass extends AutoCloseable {
        @Override
        void close();
    }

    /** table id → (schema version → writes in progress). */
    private final Map<Integer, Map<Long, Integer>> writing = new HashMap<>();

    /** Enters a write to {@code tableId} planned with schema {@code version} (0: unversioned). */
    public synchronized Pass enter(int tableId, long version) {
        writing.computeIfAbsent(tableId, k -> new HashMap<>()).merge(version, 1, Integer::sum);
        return () -> leave(tableId, version);
    }

    private synchronized void leave(int tableId, long version) {
        Map<Long, Integer> m = writing.get(tableId);
        if (m == null) {
            return;
        }
        if (m.merge(version, -1, Integer::sum) <= 0) {
            m.remove(version);
        }
        if (m.isEmpty()) {
            writing.remove(tableId);
        }
        notifyAll();
    }

    /**
     * Waits until no write to {@code tableId} planned with a schema version older than {@code version} is in
     * progress (at most {@code timeoutMs}).
     *
     * @throws TesseraException 55P03 after the timeout, 57014 when interrupted
     */
    public synchronized void awaitOlderDone(int tableId, long version, long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            while (olderInProgress(tableId, version)) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new TesseraException(SqlState.LOCK_NOT_AVAILABLE, "writes planned before the index existed"
                            + " are still running on table id " + Integer.toUnsignedString(tableId));
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TesseraException(SqlState.QUERY_CANCELED, "index build interrupted");
        }
    }

    private boolean olderInProgress(int tableId, long version) {
        Map<Long, Integer> m = writing.get(tableId);
        if (m == null) {
            return false;
        }
        for (long v : m.keySet()) {
            if (v < version) {
                return true;
            }
        }
        return false;
    }
}
