package io.tessera.datanode.txn;

import io.tessera.common.codec.KeyCodec;
import io.tessera.datanode.storage.DatanodeStorage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transactions this datanode knows of: those with state here, the outcomes of those recently finished, the
 * gxids whose pending intents start-up discarded, and the highest GTM timestamp received. The shared state the
 * transaction layer's parts ({@link RowLockTable}, {@link DmlExecutor}, {@link CommitParticipant},
 * {@link TransactionRecovery}, {@link IntentVisibility}) read and change; it holds no logic of theirs.
 *
 * <p>Thread-safe: concurrent collections and an atomic; a {@link Transaction}'s own fields are guarded by its
 * monitor. A transaction leaves {@link #txns} only after its outcome is in {@link #recent} ({@code
 * CommitParticipant#finish}), so a reader always finds one of the two.
 */
final class TransactionTable {
    static final int RECENT_OUTCOMES = 100_000;
    /** Outcomes kept at most, even when an open scan's snapshot may still need the oldest ({@link RecentOutcomes}). */
    static final int RECENT_OUTCOMES_HARD_CAP = 400_000;
    /** {@link DatanodeStorage#intentsOf}'s prefix for all of a transaction's intents. */
    static final byte[] ALL_KEYS = new byte[0];

    private final DatanodeStorage storage;
    /** gxid → the transaction with state here (active, prepared, or committed with its intents not yet resolved). */
    final ConcurrentHashMap<Long, Transaction> txns = new ConcurrentHashMap<>();
    /**
     * Outcomes of the last {@value #RECENT_OUTCOMES} finished transactions (more while an older storage snapshot is
     * open), for idempotent repeats of CommitPrepared/Rollback/CommitOnePhase and for readers whose snapshot still
     * holds an intent of a transaction that has since finished.
     */
    final RecentOutcomes recent;
    /** Transactions whose pending intents start-up discarded: a late statement or Prepare of one fails. */
    final Set<Long> discarded = ConcurrentHashMap.newKeySet();
    /**
     * The highest GTM timestamp this datanode has received: start timestamps of the transactions that write here and
     * commit timestamps it applied. Each was issued by the GTM before it arrived, so a transaction marked prepared
     * now will take a commit timestamp above it ({@code Transaction.preparedAbove}, {@link IntentVisibility}).
     */
    final AtomicLong seenTs = new AtomicLong();

    TransactionTable(DatanodeStorage storage) {
        this.storage = storage;
        this.recent = new RecentOutcomes(RECENT_OUTCOMES, RECENT_OUTCOMES_HARD_CAP, storage::oldestSnapshotSeconds,
                () -> System.currentTimeMillis() / 1000);
    }

    /** Records a GTM timestamp received ({@link #seenTs}). */
    void seen(long ts) {
        if (ts > seenTs.get()) {
            seenTs.accumulateAndGet(ts, Math::max);
        }
    }

    /**
     * Whether an intent (pending, prepared, or committed and not resolved yet) of table {@code tableId} is stored: the
     * unfinished transactions' entries of that table in the intent registry, each checked with a point read. Never a pass over the {@code intents} column
     * family, whose deleted entries (every resolved intent leaves one until a compaction) made a pass take seconds
     * after a large load.
     */
    boolean hasIntents(int tableId) {
        byte[] table = KeyCodec.tablePrefix(tableId);
        boolean[] found = {false};
        for (Transaction t : txns.values()) {
            storage.intentsOf(t.gxid, table, (k, i) -> {
                found[0] = true;
                return false;
            });
            if (found[0]) {
                return true;
            }
        }
        return false;
    }
}
