package io.tessera.datanode.txn;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction's footprint on this datanode: its state, the keys it may hold in-memory row locks on (not those
 * of its intents, which storage lists, so the footprint does not grow with the rows it writes) and futures
 * completed with its outcome. State transitions, all under the object's monitor:
 * <pre>
 *   ACTIVE ──Prepare──▶ PREPARED ──CommitPrepared──▶ COMMITTED
 *     │  (prepared record;  │         (commit_ts in its record; intents resolved, locks released
 *     │   or CommitOnePhase, in memory: onePhase)     afterwards, {@link IntentResolution})
 *     │                    │
 *     └──────Rollback──────┴───────────────────────▶ ABORTED
 * </pre>
 * Intents are written only while ACTIVE (a Modify checks under the monitor right before its batch goes in).
 */
final class Transaction {
    enum State { ACTIVE, PREPARED, COMMITTED, ABORTED }

    final long gxid;
    final long startTs;
    /**
     * The owner id of the coordinator incarnation running this transaction ({@code TxnContext.coordinator},
     * {@link io.tessera.common.txn.TransactionOwners}); empty when unknown (found prepared at start-up).
     */
    final String owner;
    /**
     * Set when nobody will finish this transaction but the in-doubt resolver: a one-phase commit that could not
     * reach the GTM answered 08007, and its coordinator never retries.
     */
    volatile boolean abandoned;
    /**
     * Set when a one-phase commit marked it prepared, in memory only (its intents stay pending in storage, and
     * readers consult this flag), and will take its commit timestamp itself ({@code CommitParticipant
     * #commitOnePhase}): no decision exists at the GTM, so only that call finishes it (or a Rollback of its
     * coordinator); the in-doubt resolver leaves it alone.
     */
    volatile boolean onePhase;
    /**
     * Set before the state becomes PREPARED (by Prepare or a one-phase commit's marking): the highest GTM timestamp
     * this datanode had received by then. Its commit timestamp, taken after the marking, is above it (the commit
     * invariant, and GTM timestamps only grow), so a reader at or below it cannot see its intents. 0 when unknown
     * (found prepared at start-up).
     */
    volatile long preparedAbove;
    /** {@link System#nanoTime()} when this datanode learned of the transaction, or when it was last prepared. */
    volatile long sinceNanos = System.nanoTime();
    /**
     * Keys it may hold an in-memory row lock on: a locking SELECT's rows, ON CONFLICT's rows left without an
     * intent, locks restored at start-up — a superset of those (never the keys of its intents: an intent in storage
     * is its own lock, found through the storage's intent registry). Prepare persists the locks of these keys that
     * have no intent of the transaction; its end releases them. Guarded by {@code this}.
     */
    final Set<ByteKey> lockOnly = new HashSet<>();
    /**
     * The keys of DEFERRABLE unique indexes it wrote and has not checked yet ({@link DmlExecutor#checkPendingUnique}):
     * {@code [table][shard][index][values]} → what the check needs. Guarded by {@code this}.
     */
    final java.util.Map<ByteKey, DmlExecutor.PendingUnique> pendingUnique = new java.util.LinkedHashMap<>();
    /** Completed with the outcome once the transaction has left this datanode: its intents resolved, its locks released. */
    final CompletableFuture<Outcome> done = new CompletableFuture<>();
    /**
     * Completed with the outcome once it is durable here, which readers wait for: with {@link #done}, or earlier
     * for a commit, at the write of the commit into its transaction record, while its intents are still pending in
     * storage and its locks held until they are resolved ({@link IntentResolution}).
     */
    final CompletableFuture<Outcome> decided = new CompletableFuture<>();
    /**
     * Whether its transaction record is in storage: prepared (two-phase, written by Prepare) or committed and not
     * resolved yet; guarded by {@code this}.
     */
    boolean recorded;
    /**
     * Held by a keyed INSERT's Modify from its uniqueness checks until its intents are in storage. A coordinator
     * keeps several batches of one statement in flight; the checks of one batch read storage, where the intents
     * of a concurrent batch of the same transaction are not yet (and the lock table lets the same transaction in
     * twice), so without it two batches carrying one key could both pass and one row would overwrite the other.
     */
    final java.util.concurrent.locks.ReentrantLock keyedInsert = new java.util.concurrent.locks.ReentrantLock();
    /**
     * Completed, and replaced by a fresh future, whenever some of its intents are removed before its end (ROLLBACK
     * TO SAVEPOINT): a writer waiting for one of its intents waits for this or {@link #done}, then looks again.
     * Replaced under the monitor; read without it.
     */
    private volatile CompletableFuture<Void> intentsRemoved = new CompletableFuture<>();
    /** The transaction this one is waiting for (local deadlock detection), or null. */
    volatile Transaction waitingFor;
    /**
     * Storage operations its Modify batches wrote here (intents placed, with their index entries): an upper bound
     * of the intents a commit resolves; guarded by {@code this}.
     */
    long written;
    /** Whether this transaction may have entries in the intent history (ROLLBACK TO SAVEPOINT); guarded by {@code this}. */
    boolean history;
    /** Whether Prepare persisted row locks of this transaction (the {@code row_locks} family); guarded by {@code this}. */
    boolean rowLocks;
    private volatile State state;

    Transaction(long gxid, long startTs, String owner, State state) {
        this.gxid = gxid;
        this.startTs = startTs;
        this.owner = owner;
        this.state = state;
    }

    synchronized State state() {
        return state;
    }

    /** The state, read without the monitor (a reader must not wait behind a Prepare's write). */
    State stateNow() {
        return state;
    }

    synchronized void setState(State s) {
        state = s;
    }

    /** The event a writer waiting for one of its intents waits for: its end, or the removal of some intents. */
    CompletableFuture<Object> intentReleased() {
        return CompletableFuture.anyOf(done, intentsRemoved);
    }

    /** Wakes the writers waiting for its intents after some were removed (their write is already applied). */
    void removedIntents() {
        CompletableFuture<Void> old;
        synchronized (this) {
            old = intentsRemoved;
            intentsRemoved = new CompletableFuture<>();
        }
        old.complete(null);
    }

    boolean finished() {
        return done.isDone();
    }

    @Override
    public String toString() {
        return "transaction " + gxid;
    }

    /** A transaction's outcome: committed at {@code commitTs}, or aborted ({@code commitTs} 0). */
    record Outcome(boolean committed, long commitTs) {
        static final Outcome ABORTED = new Outcome(false, 0);
    }
}
